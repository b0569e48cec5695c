"""The demo's fixture files (fixtures/<partnership>/*.yaml) and the people who sign in to it."""

from collections.abc import Iterator
from pathlib import Path

import yaml
from django.conf import settings

from kscp.core.models import User

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"


def fixture_files(pattern: str) -> Iterator[tuple[str, dict]]:
    """The partnership slug (its folder) and the parsed contents of each file matching
    `pattern`, in the order of their paths."""
    for path in sorted(FIXTURES_DIR.glob(f"*/{pattern}")):
        yield path.parent.name, yaml.safe_load(path.read_text())


def demo_logins() -> list[User]:
    """The people the fixture files mark `demo_login`, by partnership, role and username."""
    usernames = set()
    for _, data in fixture_files("*.yaml"):
        usernames |= {p["username"] for p in data.get("people") or [] if p.get("demo_login")}
    return list(
        User.objects.filter(username__in=usernames)
        .select_related("partnership")
        .order_by("partnership__name", "role", "username")
    )
