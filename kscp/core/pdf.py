"""PDF rendering: every report is one HTML template (on the print base) that the page shows
and WeasyPrint prints, tagged for screen readers."""

from django.http import HttpResponse
from django.utils.text import slugify


def render_pdf(html: str) -> bytes:
    """The tagged PDF of a page of HTML (its static files resolved from the working folder)."""
    from weasyprint import HTML  # imported here: it takes a second to load

    return HTML(string=html, base_url=".").write_pdf(pdf_tags=True)


def pdf_response(pdf: bytes, name: str) -> HttpResponse:
    """A PDF download named after `name` ("Business plan as at 2020-03-31")."""
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{slugify(name)}.pdf"'
    return response
