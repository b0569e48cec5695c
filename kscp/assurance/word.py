"""The yearly report as a Word document (python-docx), for a communications team to lay
out: the same sections as the page and the PDF, read from their sanitised HTML, with
headings, paragraphs, lists and tables. Only text reaches the document: no markup a user
typed can become a field, a link target or a macro."""

import io
from html.parser import HTMLParser

from docx import Document
from docx.shared import Inches, Pt

from kscp.assurance.models import Report, SectionImage
from kscp.assurance.rendering import image_url, rendered_sections

# The widest an image is placed on the page (A4 portrait within Word's default margins).
IMAGE_MAX_INCHES = 6.0

BLOCKS = {"p", "li", "h2", "h3", "h4", "blockquote", "pre"}


class _SectionWriter(HTMLParser):
    """Writes one section's HTML into the document: blocks as paragraphs, tables as tables,
    the section's own images (`images`: by their URL) as pictures with their alternative
    text; the charts (SVG) are left out, their tables beside them hold the same figures."""

    def __init__(self, document, images=None):
        super().__init__()
        self.document = document
        self.images = images or {}
        self.text: list[str] | None = None
        self.block = ""
        self.list_style = "List Bullet"
        self.rows: list[list[str]] | None = None
        self.cell: list[str] | None = None
        self.header_rows = 0
        self.caption: list[str] | None = None
        self.in_svg = 0

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self._picture(dict(attrs))
        elif tag == "svg":
            self.in_svg += 1
        elif tag == "ol":
            self.list_style = "List Number"
        elif tag == "ul":
            self.list_style = "List Bullet"
        elif tag == "table":
            self.rows = []
        elif tag == "caption":
            self.caption = []
        elif tag == "tr" and self.rows is not None:
            self.rows.append([])
        elif tag in ("td", "th") and self.rows is not None:
            self.cell = []
        elif tag in BLOCKS and self.rows is None:
            self.text, self.block = [], tag
        elif tag == "br" and self.text is not None:
            self.text.append("\n")

    def handle_endtag(self, tag):
        if tag == "svg":
            self.in_svg -= 1
        elif tag == "caption" and self.caption is not None:
            self.document.add_paragraph("".join(self.caption).strip(), style="Caption")
            self.caption = None
        elif tag in ("td", "th") and self.cell is not None and self.rows:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "table" and self.rows is not None:
            self._table(self.rows)
            self.rows = None
        elif tag == self.block and self.text is not None:
            self._block("".join(self.text).strip())
            self.text, self.block = None, ""

    def handle_data(self, data):
        if self.in_svg:
            return
        if self.caption is not None:
            self.caption.append(data)
        elif self.cell is not None:
            self.cell.append(data)
        elif self.text is not None:
            self.text.append(data)

    def _block(self, text: str) -> None:
        if not text:
            return
        if self.block in ("h2", "h3", "h4"):
            self.document.add_heading(text, level=int(self.block[1]))
        elif self.block == "li":
            self.document.add_paragraph(text, style=self.list_style)
        elif self.block == "blockquote":
            self.document.add_paragraph(text, style="Quote")
        else:
            self.document.add_paragraph(text)

    def _picture(self, attrs: dict) -> None:
        """Only an image of the report's own, from storage: no URL is ever fetched."""
        image = self.images.get(attrs.get("src"))
        if image is None:
            return
        with image.image.open("rb") as file:
            content = io.BytesIO(file.read())
        width = min(image.width / 96, IMAGE_MAX_INCHES)  # pixels at 96 dpi
        shape = self.document.add_paragraph().add_run().add_picture(content, width=Inches(width))
        shape._inline.docPr.set("descr", image.alt_text)
        shape._inline.docPr.set("title", image.alt_text)

    def _table(self, rows: list[list[str]]) -> None:
        rows = [row for row in rows if row]
        if not rows:
            return
        width = max(len(row) for row in rows)
        table = self.document.add_table(rows=len(rows), cols=width)
        table.style = "Table Grid"
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                table.cell(r, c).text = text
        for cell in table.rows[0].cells:
            for run in (run for p in cell.paragraphs for run in p.runs):
                run.bold = True


def report_docx(report: Report) -> bytes:
    document = Document()
    document.core_properties.title = report.title
    document.core_properties.language = "en-GB"
    document.styles["Normal"].font.size = Pt(11)
    document.add_paragraph(report.partnership.name)
    document.add_heading(report.title, level=0)
    document.add_paragraph(report.period_label)
    images = {
        image_url(image): image for image in SectionImage.objects.filter(section__report=report)
    }
    for item in rendered_sections(report):
        document.add_heading(f"{item.number}. {item.section.title}", level=1)
        writer = _SectionWriter(document, images)
        writer.feed(str(item.html))
        writer.close()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
