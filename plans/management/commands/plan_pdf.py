"""Write a business plan's PDF, for scheduled exports:

python manage.py plan_pdf --plan 3 [--as-at 2020-03-31] --output plan.pdf
"""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from plans.models import Plan
from plans.reports import plan_report, render_plan_pdf


def iso_date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--as-at must be a date as YYYY-MM-DD, not {value!r}") from exc


class Command(BaseCommand):
    help = "Write a business plan as a PDF, as it stood on a date (default today)."

    def add_arguments(self, parser):
        parser.add_argument("--plan", type=int, required=True, help="The plan's id")
        parser.add_argument("--as-at", type=iso_date, help="YYYY-MM-DD, default today")
        parser.add_argument("--output", type=Path, required=True, help="The PDF file to write")

    def handle(self, *args, plan, as_at, output, **options):
        try:
            plan_obj = Plan.objects.select_related("partnership").get(pk=plan)
        except Plan.DoesNotExist as exc:
            raise CommandError(f"No plan with id {plan}") from exc
        today = timezone.localdate()
        if as_at is not None and as_at > today:
            raise CommandError(f"--as-at cannot be in the future (today is {today:%Y-%m-%d})")
        report = plan_report(plan_obj, as_at or today)
        output.write_bytes(render_plan_pdf(report))
        self.stdout.write(f"{output}: {plan_obj.title}, as at {report.as_at:%d %B %Y}")
