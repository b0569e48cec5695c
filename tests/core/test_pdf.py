"""The one PDF helper (kscp.core.pdf) every report prints with."""

import io

from pypdf import PdfReader

from kscp.core.pdf import pdf_response, render_pdf


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
