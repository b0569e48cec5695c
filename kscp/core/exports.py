"""CSV and XLSX downloads of any table, safe to open in a spreadsheet: a cell that a
spreadsheet would read as a formula is neutralised (OWASP CSV injection)."""

import csv
import io

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value):
    """Text that starts like a formula, or does after spaces (a spreadsheet skips them:
    "  =1+1" is a formula too), is prefixed with an apostrophe, so it stays text."""
    if isinstance(value, str) and value.lstrip(" \u00a0\u3000").startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _clean_rows(header, rows):
    yield [neutralise(h) for h in header]
    for row in rows:
        yield [neutralise(value) for value in row]


def csv_response(filename: str, header: list[str], rows) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    response.write("\ufeff")  # so Excel reads the UTF-8 text correctly
    writer = csv.writer(response)
    for row in _clean_rows(header, rows):
        writer.writerow(["" if value is None else value for value in row])
    return response


def xlsx_response(filename: str, header: list[str], rows, *, title: str = "Sheet") -> HttpResponse:
    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = title[:31]
    for row in _clean_rows(header, rows):
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def table_response(fmt: str, filename: str, header, rows, *, title="Sheet") -> HttpResponse:
    if fmt == "xlsx":
        return xlsx_response(filename, header, rows, title=title)
    return csv_response(filename, header, rows)
