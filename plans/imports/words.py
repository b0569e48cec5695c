"""Reading a plan kept as a Word document (.docx), in the layout of the seed plans: for each
priority a heading ("Priority 1: To understand better the child's lived experience"), its
aim ("Aim: …") and its strategic link ("Link to strategic aim: …"), then a table whose
header row names the columns (number, objective, date for completion, who responsible,
outcome measure, difference, progress, RAG) and whose rows are the objectives, an action's
row having its step (a), b)) in the number column.

The document becomes the same table of rows as a sheet, with the priority's number, title,
aim and strategic link in front of each row, so that one check serves both. A row is named
as Word shows it: "row 3 of the priority 2 table" (the header is row 1). A document is a zip
archive too: its unpacked size is checked before it is opened."""

import re

from docx import Document
from docx.table import Table as WordTable
from docx.text.paragraph import Paragraph

from kscp.core.imports import (
    FILE_EMPTY,
    FILE_TOO_BIG,
    TOO_MANY_ROWS,
    FileRefused,
    Table,
    check_unpacked_size,
    is_blank,
    max_unpacked_bytes,
    size_words,
)
from plans.imports.columns import COLUMNS, cell_text

FILE_NOT_DOCX = "The file could not be opened as a Word document: save it as .docx"
NO_TABLES = "The document has no table of objectives: the plan's objectives must be in tables"
TABLES_DIFFER = (
    "The {table} has other columns than the first table: give every table the same header row"
)
PRIORITY_HEADING = re.compile(
    r"^(?:priority|objective)\s+(\d{1,3})\s*[:.\-–]?\s*(.*)$", re.IGNORECASE | re.DOTALL
)
AIM = re.compile(r"^aim\s*[:.\-–]\s*(.*)$", re.IGNORECASE | re.DOTALL)
STRATEGIC = re.compile(
    r"^link\s+to\s+(?:the\s+)?strategic\s+aims?\s*[:.\-–]?\s*(.*)$", re.IGNORECASE | re.DOTALL
)
PRIORITY_FIELDS = ("priority", "priority_title", "aim", "strategic_aim")


def _blocks(document):
    """The document's paragraphs and tables, in their order."""
    for child in document.element.body.iterchildren():
        if child.tag.endswith("}p"):
            yield Paragraph(child, document)
        elif child.tag.endswith("}tbl"):
            yield WordTable(child, document)


def _cells(row) -> list[str]:
    """A row's cells as text; a cell merged across columns counts once."""
    cells, previous = [], None
    for cell in row.cells:
        if previous is not None and cell._tc is previous:
            continue
        previous = cell._tc
        cells.append(cell_text(cell.text))
    return cells


def read_docx(upload, *, max_bytes: int, max_rows: int) -> Table:
    if upload.size > max_bytes:
        raise FileRefused([FILE_TOO_BIG.format(limit=size_words(max_bytes))])
    if upload.size == 0:
        raise FileRefused([FILE_EMPTY])
    check_unpacked_size(upload, limit=max_unpacked_bytes(max_bytes), unreadable=FILE_NOT_DOCX)
    try:
        document = Document(upload)
        return _table(document, max_rows=max_rows)
    except FileRefused:
        raise
    except Exception as error:  # any failure to read an uploaded document is the file's
        raise FileRefused([FILE_NOT_DOCX]) from error


def _table(document, *, max_rows: int) -> Table:
    priority = dict.fromkeys(PRIORITY_FIELDS, "")
    header, rows, count = None, [], 0
    for block in _blocks(document):
        if isinstance(block, Paragraph):
            text = cell_text(block.text)
            if heading := PRIORITY_HEADING.match(text):
                priority = {
                    "priority": heading[1],
                    "priority_title": heading[2].strip(),
                    "aim": "",
                    "strategic_aim": "",
                }
            elif aim := AIM.match(text):
                priority["aim"] = aim[1].strip()
            elif link := STRATEGIC.match(text):
                priority["strategic_aim"] = link[1].strip()
            continue
        count += 1
        name = f"priority {priority['priority']} table" if priority["priority"] else None
        name = name or f"table {count}"
        table_rows = [_cells(row) for row in block.rows]
        if not table_rows:
            continue
        own_header, *body = table_rows
        if header is None:
            header = own_header
        elif [cell.casefold() for cell in own_header] != [cell.casefold() for cell in header]:
            raise FileRefused([TABLES_DIFFER.format(table=name)])
        for number, cells in enumerate(body, start=2):
            if is_blank(cells):
                continue
            rows.append(
                (f"{number} of the {name}", [*(priority[f] for f in PRIORITY_FIELDS), *cells])
            )
            if len(rows) > max_rows:
                raise FileRefused([TOO_MANY_ROWS.format(limit=max_rows)])
    if header is None:
        raise FileRefused([NO_TABLES])
    if not rows:
        raise FileRefused([NO_TABLES])
    return Table(header=[COLUMNS[f].label for f in PRIORITY_FIELDS] + header, rows=rows)
