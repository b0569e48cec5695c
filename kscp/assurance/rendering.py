"""The yearly report as one HTML document, shown as a page and printed as a PDF: narrative
Markdown rendered and sanitised (nothing typed reaches the page, the PDF or the Word file as
markup of its own), generated sections computed for the period, or, once published, as they
were frozen."""

from dataclasses import dataclass

import markdown
import nh3
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from kscp.assurance import generators
from kscp.assurance.models import Report, Section
from kscp.core.pdf import render_pdf

ALLOWED_TAGS = {
    "h2", "h3", "h4", "p", "br", "hr", "strong", "em", "b", "i", "ul", "ol", "li",
    "blockquote", "a", "table", "thead", "tbody", "tr", "th", "td", "code", "pre",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def markdown_html(text: str) -> str:
    """The sanitised HTML of Markdown written in the browser: tables allowed; scripts, event
    handlers, styles and `javascript:` links removed."""
    html = markdown.markdown(text or "", extensions=["tables", "sane_lists"])
    # Headings of a section sit under its own h2.
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 just above


@dataclass
class RenderedSection:
    section: Section
    html: str
    number: int


def rendered_sections(report: Report) -> list[RenderedSection]:
    """Every section in order with its HTML; the glossary last computed, from the text of
    the others."""
    sections = list(report.sections.all())
    html = {}
    for section in sections:
        if not section.is_generated:
            html[section.pk] = markdown_html(section.body)
        elif report.is_published and section.frozen_html:
            html[section.pk] = mark_safe(section.frozen_html)  # noqa: S308 - our own render
        elif section.generator != Section.Generator.GLOSSARY:
            html[section.pk] = mark_safe(generators.generated_html(section, report))  # noqa: S308
    text = " ".join(generators.plain_text(str(h)) for h in html.values())
    text += " " + " ".join(s.title for s in sections)
    for section in sections:
        if section.pk not in html:
            html[section.pk] = mark_safe(  # noqa: S308 - our own template's output
                generators.generated_html(section, report, text=text)
            )
    return [RenderedSection(s, html[s.pk], n) for n, s in enumerate(sections, start=1)]


def generated_now(report: Report) -> list[tuple[Section, str]]:
    """The generated sections as the records say now, to freeze at publication."""
    return [
        (item.section, str(item.html))
        for item in rendered_sections(report)
        if item.section.is_generated
    ]


def report_html(report: Report, *, request=None, for_pdf: bool = False, sections=None) -> str:
    return render_to_string(
        "assurance/report_print.html",
        {
            "report": report,
            "sections": sections if sections is not None else rendered_sections(report),
            "sign_offs": report.sign_offs.filter(withdrawn_at__isnull=True).select_related(
                "partner", "signed_by"
            ),
            "for_pdf": for_pdf,
        },
        request=request,
    )


def report_pdf(report: Report) -> bytes:
    return render_pdf(report_html(report, for_pdf=True))
