"""Remove attendees' personal data from old attendance records.

    python manage.py anonymise_attendance [--years N] [--dry-run]

For the attendance of sessions that started more than N years ago (settings.
ATTENDANCE_RETENTION_YEARS unless given) the name, the e-mail address and the job title are
removed, from the records and from their history, and the record is marked anonymised. The
job title goes too because, with the agency and the session, it can say who someone was. The
agency, the status, the confidence scores and the impact comment stay, so the workforce
statistics do not change; the impact comment is the attendee's own words about their practice,
shown as examples in the statistics, and the business unit does not write names in it. The
rows kept by import batches older than that are emptied as well.

Whatever N is, a file checked for import and left at its preview for more than a day is
discarded and its rows emptied: nobody is going to import it, and its rows name people. (The
same happens to someone's own such files whenever they upload another.) Running it again
changes nothing."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from training.services import attendance_anonymise

YEARS_INVALID = "--years must be a whole number of 1 or more"


def years_before(moment: datetime.datetime, years: int) -> datetime.datetime:
    """The same day and time `years` earlier (28 February for a 29 February)."""
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:
        return moment.replace(year=moment.year - years, day=28)


def _plural(count: int, one: str, many: str) -> str:
    return f"{count:,} {one if count == 1 else many}"


class Command(BaseCommand):
    help = (
        "Remove names, e-mail addresses and job titles from the attendance of sessions that "
        "started more than N years ago; agencies, statuses and evaluations are kept. Files "
        "checked for import and left unimported for more than a day are discarded."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--years",
            type=int,
            default=None,
            help="How many years attendees' personal data is kept "
            "(default: settings.ATTENDANCE_RETENTION_YEARS)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would change; change nothing"
        )

    def handle(self, *args, years=None, dry_run=False, **options):
        years = settings.ATTENDANCE_RETENTION_YEARS if years is None else years
        if years < 1:
            raise CommandError(YEARS_INVALID)
        cutoff = years_before(timezone.now(), years)
        day = timezone.localtime(cutoff)
        attendance, batches = attendance_anonymise(
            started_before=cutoff, years=years, dry_run=dry_run
        )
        verb = "Would anonymise" if dry_run else "Anonymised"
        emptied = "would empty" if dry_run else "emptied"
        self.stdout.write(
            f"{verb} {_plural(attendance, 'attendance record', 'attendance records')} of "
            f"sessions that started before {day.day} {day:%B %Y}; "
            f"{emptied} the rows of {_plural(batches, 'import batch', 'import batches')}."
        )
