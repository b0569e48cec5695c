"""Send what update rounds and case-review clocks are due to tell people today. Run it every
hour (cron or a systemd timer, see README): it records each e-mail due once (a database
constraint decides, so two copies at once on different servers never send twice), sends each
person at most one digest a day, and tries again the e-mails that failed."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from kscp.rounds.mailing import send_due


class Command(BaseCommand):
    help = "E-mail update-round openings, reminders and escalations, and case-review clocks."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Act as if today were YYYY-MM-DD (for testing)")

    def handle(self, *args, today=None, **options):
        if today:
            try:
                day = datetime.date.fromisoformat(today)
            except ValueError as exc:
                raise CommandError(f"--today must be a date YYYY-MM-DD, not {today!r}") from exc
        else:
            day = timezone.localdate()
        considered, result = send_due(day)
        self.stdout.write(
            f"{day}: {considered} e-mail dues considered; {len(result.sent)} e-mails sent, "
            f"{len(result.failed)} failed (tried again next run), "
            f"{result.not_needed} not needed"
        )
