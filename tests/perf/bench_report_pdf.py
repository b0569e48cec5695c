"""Benchmark of the yearly report's PDF: the server's time to answer /reports/<pk>/pdf/
(reading the records, computing the generated sections, rendering the template and
printing it) against the raw WeasyPrint render of the same HTML, at 1x (20 partnerships,
3,600 objectives with history, as bench_reports.py builds them) and 10x data.

    .venv/bin/python tests/perf/bench_report_pdf.py [--scale 1 10] [--repeat 3]

Prints median milliseconds, query counts and the ratio server / raw render at each scale."""

import argparse
import datetime
import statistics
import time

from bench_reports import PARTNERSHIPS_PER_SCALE, build_partnership
from benchdb import measure, migrate_fresh
from django.test import Client

from kscp.assurance import rendering, services
from kscp.core.models import Partnership, User
from kscp.core.pdf import BASE_URL, static_files_fetcher
from plans.models import Objective


def main():
    parser = argparse.ArgumentParser(description="Benchmark of the yearly report's PDF")
    parser.add_argument("--scale", nargs="+", type=int, default=[1, 10])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    migrate_fresh()
    from weasyprint import HTML

    HTML(string="<p>warm up</p>").write_pdf()
    built, results = 0, {}
    for scale in sorted(args.scale):
        while built < PARTNERSHIPS_PER_SCALE * scale:
            build_partnership(f"p{built}")
            built += 1
        executive = User.objects.get(username="exec-p0")
        partnership = executive.partnership
        business_unit, _ = User.objects.get_or_create(
            username="bu-p0", defaults={"partnership": partnership, "role": "business_unit"}
        )
        report = partnership.reports.first() or services.report_create(
            partnership=partnership,
            user=business_unit,
            period_start=datetime.date(2025, 4, 1),
            title="Annual assurance statement 2025 to 2026",
        )
        client = Client()
        client.force_login(executive)

        def server(client=client, report=report):
            response = client.get(f"/reports/{report.pk}/pdf/")
            assert response.status_code == 200

        seconds = []
        # The same HTML, with the same resources (the static files, the report's images).
        html = rendering.report_html(report, for_pdf=True)
        fetcher = static_files_fetcher(rendering.report_images(report))
        for _ in range(args.repeat):
            started = time.perf_counter()
            HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).write_pdf(pdf_tags=True)
            seconds.append(time.perf_counter() - started)
        results[scale] = {
            "report PDF (server)": measure(server, args.repeat),
            "raw WeasyPrint render": (statistics.median(seconds) * 1000, 0),
        }
        print(
            f"{scale}x: {Partnership.objects.count()} partnerships, "
            f"{Objective.objects.count()} objectives, {Objective.history.count()} history rows",
            flush=True,
        )
    for scale in sorted(results):
        (server_ms, queries), (raw_ms, _) = results[scale].values()
        print(
            f"{scale}x: server {server_ms:.0f} ms ({queries} queries), raw render "
            f"{raw_ms:.0f} ms: server = {server_ms / raw_ms:.2f} x the raw render"
        )


if __name__ == "__main__":
    main()
