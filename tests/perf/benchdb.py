"""What the benchmark scripts share: a throwaway database and a timer that counts queries.

Importing this module sets Django up on a fresh database: a SQLite file in a temporary
folder, or, when DATABASE_URL points at a PostgreSQL server, a database named kscp_bench
there (dropped and made again by `migrate_fresh`)."""

import datetime
import os
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kscp.settings.test")
if "DATABASE_URL" in os.environ:
    os.environ["DATABASE_URL"] = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/kscp_bench"
else:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
warnings.filterwarnings("ignore", message="No directory at")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

RAGS = ["not_started", "red", "amber", "green", "complete"]

# What the benchmarks' live plans share: a two-year period and a key of four values.
LIVE_PLAN = {
    "period": "2025/2027",
    "starts_on": datetime.date(2025, 4, 1),
    "ends_on": datetime.date(2027, 3, 31),
    "status": "live",
    "key_red": "Red",
    "key_amber": "Amber",
    "key_green": "Green",
    "key_complete": "Complete",
}


def migrate_fresh():
    """An empty, migrated database, with the test environment (no email, fast hashing)."""
    setup_test_environment()
    if os.environ["DATABASE_URL"].startswith("postgres"):
        import psycopg2

        admin = psycopg2.connect(os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres")
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute("DROP DATABASE IF EXISTS kscp_bench")
            cursor.execute("CREATE DATABASE kscp_bench")
        admin.close()
    call_command("migrate", verbosity=0)


def analyze():
    """On PostgreSQL, the planner's statistics of the tables just filled, as autovacuum
    keeps them on a running server (without them it guesses row counts from before the
    bulk inserts and picks slow plans)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def measure(fn, repeat: int, before=None) -> tuple[float, int]:
    """Median milliseconds of `repeat` calls, and the most queries any call made; `before`,
    if given, is called before each, untimed."""
    times, counts = [], set()
    for _ in range(repeat):
        if before is not None:
            before()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            fn()
            times.append((time.perf_counter() - started) * 1000)
        counts.add(len(queries))
    return statistics.median(times), max(counts)


def measure_against(trivial, fn, repeat: int, before=None) -> tuple[float, int, float]:
    """`measure(fn)`, each call just after a call of `trivial`: the median milliseconds, the
    most queries, and the ratio of the median to `trivial`'s median over the same calls.
    A machine whose speed drifts during a run moves both alike, so the ratio holds."""
    times, baseline, counts = [], [], set()
    for _ in range(repeat):
        started = time.perf_counter()
        trivial()
        baseline.append((time.perf_counter() - started) * 1000)
        ms, q = measure(fn, 1, before)
        times.append(ms)
        counts.add(q)
    median = statistics.median(times)
    return median, max(counts), median / statistics.median(baseline)


def page(client, url):
    """A call that fetches `url` and insists on a 200."""

    def fetch():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    return fetch


def print_table(results: dict, scales: list[int], width: int = 24) -> None:
    """Median ms and queries of each page, scale beside scale."""
    print(f"\n{'page':<{width}}" + "".join(f"{f'{s}x ms':>10}{f'{s}x q':>7}" for s in scales))
    for name in results[scales[0]]:
        line = f"{name:<{width}}"
        for scale in scales:
            ms, q = results[scale][name]
            line += f"{ms:>10.1f}{q:>7}"
        print(line)
