"""PDF rendering: every report is one HTML template (on the print base) that the page shows
and WeasyPrint prints, tagged for screen readers. The renderer reads only the app's own
static files: text that reaches a report's HTML or CSS cannot make the server fetch a URL
or read a file."""

import mimetypes
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse
from django.utils.text import slugify

# What a report's relative URLs ("/static/kscp/app.css") resolve against: a host that cannot
# exist (RFC 6761), answered from the static files, never from the network.
BASE_URL = "https://report.invalid/"


class RefusedURL(ValueError):
    """A URL the renderer may not fetch; WeasyPrint treats it as a failed fetch."""


def static_file(url: str) -> tuple[bytes, str]:
    """The content and type of the app's static file at `url`; RefusedURL for any other URL
    (another host, another scheme, a path that leaves the static files, a missing file)."""
    parts = urlsplit(url)
    static = urlsplit(urljoin(BASE_URL, settings.STATIC_URL))
    if (parts.scheme, parts.netloc.lower()) != (static.scheme, static.netloc.lower()):
        raise RefusedURL(f"Not one of the app's static files: {url}")
    if not parts.path.startswith(static.path):
        raise RefusedURL(f"Not one of the app's static files: {url}")
    name = unquote(parts.path.removeprefix(static.path))
    if any(segment in ("", ".", "..") for segment in name.split("/")) or "\\" in name:
        raise RefusedURL(f"Not one of the app's static files: {url}")
    found = finders.find(name)
    if found:
        with open(found, "rb") as file:
            content = file.read()
    elif staticfiles_storage.exists(name):  # a collected, hashed name
        with staticfiles_storage.open(name) as file:
            content = file.read()
    else:
        raise RefusedURL(f"No static file {name}")
    return content, mimetypes.guess_type(name)[0] or "application/octet-stream"


def static_files_fetcher(files: dict[str, tuple[bytes, str]] | None = None):
    """WeasyPrint's URL fetcher, serving `static_file` and the `files` given (an app's own
    records, by their absolute URL under BASE_URL: content and type, read by the app after
    its access checks), refusing everything else."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse  # loads all of WeasyPrint

    given = dict(files or {})

    class StaticFilesFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url in given:
                content, content_type = given[url]
            else:
                content, content_type = static_file(url)
            return URLFetcherResponse(url, content, {"Content-Type": content_type})

    return StaticFilesFetcher()


def file_url(path: str) -> str:
    """The absolute URL a report's relative `path` ("/reports/images/3/") resolves to."""
    return urljoin(BASE_URL, path)


def render_pdf(html: str, files: dict[str, tuple[bytes, str]] | None = None) -> bytes:
    """The tagged PDF of a page of HTML, its static files read from the app's own and its
    other resources only from `files` (see static_files_fetcher)."""
    from weasyprint import HTML  # imported here: it takes a second to load

    document = HTML(string=html, base_url=BASE_URL, url_fetcher=static_files_fetcher(files))
    return document.write_pdf(pdf_tags=True)


def pdf_response(pdf: bytes, name: str) -> HttpResponse:
    """A PDF download named after `name` ("Business plan as at 2020-03-31")."""
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{slugify(name)}.pdf"'
    return response
