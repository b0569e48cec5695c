"""Files for the import tests, built in memory: a booking system's export of attendees and an
e-learning platform's export of completions, as CSV or as an Excel workbook. Every person in
them is invented."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

BOOKING_HEADER = ["Name", "E-mail", "Job title", "Agency", "Status"]
BOOKING_ROWS = [
    ["Ada Example", "ada.example@example.org", "Social worker", "Northdale Council", "Attended"],
    ["Bo Example", "bo.example@example.org", "Response officer", "Northdale Police", "DNA"],
    ["Cy Example", "cy.example@example.org", "School nurse", "Northdale Council", "Booked"],
]
ELEARNING_HEADER = ["Course", "Period start", "Period end", "Count"]
ELEARNING_ROWS = [
    ["An Awareness of Child Abuse and Neglect", "01/04/2019", "31/07/2019", "1200"],
    ["An Awareness of Child Abuse and Neglect", "01/08/2019", "31/03/2020", "3560"],
]
CSV_TYPE = "text/csv"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_text(rows, *, delimiter=",") -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def csv_file(rows, *, name="booking.csv", encoding="utf-8-sig", delimiter=","):
    return SimpleUploadedFile(name, csv_text(rows, delimiter=delimiter).encode(encoding), CSV_TYPE)


def raw_file(content: bytes, *, name="booking.csv"):
    return SimpleUploadedFile(name, content, CSV_TYPE)


def xlsx_bytes(rows) -> bytes:
    """A workbook whose first sheet holds `rows`; a text starting with = is a formula."""
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_file(rows, *, name="booking.xlsx"):
    return SimpleUploadedFile(name, xlsx_bytes(rows), XLSX_TYPE)


def booking_csv(*rows, header=BOOKING_HEADER, name="booking.csv"):
    return csv_file([header, *(rows or BOOKING_ROWS)], name=name)


def elearning_csv(*rows, header=ELEARNING_HEADER, name="completions.csv"):
    return csv_file([header, *(rows or ELEARNING_ROWS)], name=name)
