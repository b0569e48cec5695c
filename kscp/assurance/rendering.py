"""The yearly report as one HTML document, shown as a page and printed as a PDF: narrative
Markdown rendered and sanitised (nothing typed reaches the page, the PDF or the Word file as
markup of its own), generated sections computed for the period, or, once published, as they
were frozen."""

import re
from dataclasses import dataclass

import markdown
import nh3
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from kscp.assurance import generators
from kscp.assurance.models import Report, Section, SectionImage
from kscp.core.pdf import file_url, render_pdf

ALLOWED_TAGS = {
    "h2", "h3", "h4", "p", "br", "hr", "strong", "em", "b", "i", "ul", "ol", "li",
    "blockquote", "a", "table", "caption", "thead", "tbody", "tr", "th", "td", "code", "pre",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align", "scope"}, "td": {"align"}}
# A paragraph "Table: ..." just before a table is its caption (as in pandoc's Markdown).
TABLE_CAPTION = re.compile(r"<p>Table: (.*?)</p>\s*<table>", re.S)
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def markdown_html(text: str) -> str:
    """The sanitised HTML of Markdown written in the browser: tables allowed; scripts, event
    handlers, styles and `javascript:` links removed."""
    html = markdown.markdown(text or "", extensions=["tables", "sane_lists"])
    # Headings of a section sit under its own h2.
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    # Tables say what they are and which way their headers read.
    html = TABLE_CAPTION.sub(r"<table><caption>\1</caption>", html)
    html = html.replace("<th>", '<th scope="col">').replace("<th style=", '<th scope="col" style=')
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 just above


def image_url(image) -> str:
    return reverse("assurance:section_image", args=[image.pk])


def figures_html(section: Section) -> str:
    """The section's images, after its text, each with its alternative text."""
    return format_html_join(
        "",
        '<figure class="app-report-figure"><img class="app-report-image" src="{}" alt="{}" '
        'width="{}" height="{}"></figure>',
        (
            (image_url(image), image.alt_text, image.width, image.height)
            for image in section.images.all()
        ),
    )


@dataclass
class RenderedSection:
    section: Section
    html: str
    number: int


def rendered_sections(report: Report) -> list[RenderedSection]:
    """Every section in order with its HTML; the glossary last computed, from the text of
    the others."""
    sections = list(report.sections.prefetch_related("images"))
    html = {}
    for section in sections:
        if not section.is_generated:
            html[section.pk] = format_html(
                "{}{}", markdown_html(section.body), figures_html(section)
            )
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


def report_images(report: Report) -> dict[str, tuple[bytes, str]]:
    """The report's images by the absolute URL its HTML gives them, for the PDF renderer,
    which reads nothing else but the static files."""
    found = {}
    for image in SectionImage.objects.filter(section__report=report):
        with image.image.open("rb") as file:
            found[file_url(image_url(image))] = (file.read(), image.content_type)
    return found


def report_pdf(report: Report) -> bytes:
    return render_pdf(report_html(report, for_pdf=True), files=report_images(report))
