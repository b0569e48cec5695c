"""Refresh the committed GOV.UK Frontend assets from the npm package.

Usage: python scripts/update_govuk_frontend.py [VERSION]

Downloads the pinned version with `npm pack`, copies the compiled CSS, JS and
assets into static/govuk/, and rewrites the CSS's absolute `/assets/` URLs to
paths relative to the CSS file, so they work under any STATIC_URL and with
hashed static file names.

The GDS Transport font is licensed for GOV.UK services only, and a safeguarding
partnership is not one: its @font-face rules and font files are left out, so
the text falls back to the Arial/sans-serif stack the CSS already names.
"""

import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

VERSION = "6.6.0"
ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "static" / "govuk"


def main(version: str = VERSION) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            ["npm", "pack", f"govuk-frontend@{version}", "--silent"],
            cwd=tmp,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        tarball = next(Path(tmp).glob("govuk-frontend-*.tgz"))
        with tarfile.open(tarball) as archive:
            archive.extractall(tmp, filter="data")
        dist = Path(tmp) / "package" / "dist" / "govuk"
        if TARGET.exists():
            shutil.rmtree(TARGET)
        TARGET.mkdir(parents=True)
        css = (dist / "govuk-frontend.min.css").read_text()
        css = re.sub(r"@font-face\{[^}]*\}", "", css)
        css = css.replace("url(/assets/", "url(assets/")
        # Drop the source-map comment: the map is not shipped.
        css = css.split("/*# sourceMappingURL")[0]
        (TARGET / "govuk-frontend.min.css").write_text(css)
        js = (dist / "govuk-frontend.min.js").read_text()
        js = js.split("//# sourceMappingURL")[0]
        (TARGET / "govuk-frontend.min.js").write_text(js)
        shutil.copytree(dist / "assets", TARGET / "assets", ignore=shutil.ignore_patterns("fonts"))
        for extra in ("manifest.json",):
            extra_path = TARGET / "assets" / extra
            if extra_path.exists():
                extra_path.unlink()
        (TARGET / "VERSION").write_text(version + "\n")
    print(f"GOV.UK Frontend {version} copied to {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main(*sys.argv[1:2])
