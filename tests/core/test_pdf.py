"""The one PDF helper (kscp.core.pdf) every report prints with."""

import io
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from pypdf import PdfReader

from kscp.core.pdf import BASE_URL, RefusedURL, pdf_response, render_pdf, static_files_fetcher
from tests.helpers import listening


def test_html_becomes_a_tagged_pdf_whose_text_can_be_read():
    pdf = render_pdf("<html lang='en'><body><h1>Business plan &amp; progress</h1></body></html>")
    reader = PdfReader(io.BytesIO(pdf))
    assert "Business plan & progress" in reader.pages[0].extract_text()
    assert "/StructTreeRoot" in reader.trailer["/Root"]


def test_the_download_is_named_after_the_report_without_unsafe_characters():
    response = pdf_response(b"%PDF-1.7", 'Plan "2019/21" as at 2020-03-31')
    assert response["Content-Type"] == "application/pdf"
    disposition = 'attachment; filename="plan-201921-as-at-2020-03-31.pdf"'
    assert response["Content-Disposition"] == disposition


def test_a_report_shows_the_apps_own_static_files():
    icon = static("govuk/assets/images/govuk-icon-180.png")
    pdf = render_pdf(f"<html lang='en'><body><h1>Plan</h1><img src='{icon}' alt=''></body></html>")
    assert len(PdfReader(io.BytesIO(pdf)).pages[0].images) == 1


def test_the_renderer_requests_no_url_outside_the_apps_static_files():
    with listening() as (address, heard):
        render_pdf(
            f"""<html lang='en'><head>
            <link rel="stylesheet" href="{address}/link.css">
            <style>
              @import url({address}/import.css);
              @font-face {{ font-family: Probe; src: url({address}/font.woff); }}
              body {{ background: url({address}/background.png); font-family: Probe; }}
            </style></head>
            <body><h1>Plan</h1><img src="{address}/image.png" alt=""></body></html>"""
        )
    assert heard == []


def test_the_fetcher_serves_a_static_file_with_its_type():
    response = static_files_fetcher().fetch(BASE_URL.removesuffix("/") + static("kscp/app.css"))
    assert response.read() == Path(finders.find("kscp/app.css")).read_bytes()
    assert response.content_type == "text/css"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8199/x",
        "https://example.com/static/kscp/app.css",
        "file:///etc/passwd",
        f"file://{Path(finders.find('kscp/app.css'))}",
        "data:text/css,body{background:url(http://127.0.0.1:8199/x)}",
        "ftp://example.com/x",
        f"{BASE_URL}kscp/app.css",
        f"{BASE_URL}static/../kscp/settings/base.py",
        f"{BASE_URL}static/%2e%2e/kscp/settings/base.py",
        f"{BASE_URL}static/kscp/../../manage.py",
        f"{BASE_URL}static/does-not-exist.css",
        f"{BASE_URL}static/",
    ],
)
def test_the_fetcher_refuses_every_url_but_a_static_file(url):
    with pytest.raises(RefusedURL):
        static_files_fetcher().fetch(url)
