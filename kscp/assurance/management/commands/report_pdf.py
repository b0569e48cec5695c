"""python manage.py report_pdf --partnership kirklees --period 2019 --output report.pdf

The yearly report of the partnership for the financial year starting in April of `period`
as a PDF: the stored PDF of a published report, else the draft printed now."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from kscp.assurance.models import Report
from kscp.assurance.rendering import report_pdf

NO_REPORT = "{partnership} has no yearly report for the year starting in April {period}"


class Command(BaseCommand):
    help = "Write a partnership's yearly report for a year as a PDF"

    def add_arguments(self, parser):
        parser.add_argument("--partnership", required=True, help="The partnership's slug")
        parser.add_argument("--period", required=True, type=int, help="2019 for 2019-20")
        parser.add_argument("--output", required=True, help="The PDF file to write")

    def handle(self, *args, partnership, period, output, **options):
        first, last = datetime.date(period, 4, 1), datetime.date(period + 1, 3, 31)
        report = (
            Report.objects.select_related("partnership")
            .filter(partnership__slug=partnership, period_start__range=(first, last))
            .first()
        )
        if report is None:
            raise CommandError(NO_REPORT.format(partnership=partnership, period=period))
        if report.is_published and report.pdf:
            with report.pdf.open("rb") as file:
                pdf = file.read()
        else:
            pdf = report_pdf(report)
        with open(output, "wb") as file:
            file.write(pdf)
        self.stdout.write(f"Wrote {report.title} to {output} ({len(pdf):,} bytes)")
