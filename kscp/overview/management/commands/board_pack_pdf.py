"""python manage.py board_pack_pdf --partnership kirklees --since 2026-10-01 --output pack.pdf

The board pack of a partnership for a meeting as a PDF, as the business unit sees it."""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from kscp.core.forms import date_out_of_range, sensible_dates
from kscp.core.models import Partnership
from kscp.overview import boardpack
from kscp.overview.boardpack_views import render_pack_pdf

NO_PARTNERSHIP = "--partnership: no partnership has the slug {slug!r}"
NOT_A_DATE = "{option} must be a date as YYYY-MM-DD, not {value!r}"
SINCE_NOT_BEFORE = "--since must be before the meeting date ({meeting:%Y-%m-%d})"
SINCE_IN_THE_FUTURE = "--since must be today or in the past (today is {today:%Y-%m-%d})"
NEXT_NOT_AFTER = "--next-meeting must be after the meeting date ({meeting:%Y-%m-%d})"
NOT_WRITTEN = "--output: cannot write {path}: {reason}"


def _day(option: str, value: str | None) -> datetime.date | None:
    if value is None:
        return None
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(NOT_A_DATE.format(option=option, value=value)) from exc
    earliest, latest = sensible_dates()
    if not earliest <= day <= latest:
        raise CommandError(date_out_of_range(option))
    return day


class Command(BaseCommand):
    help = (
        "Write a partnership's board pack for a meeting as a PDF, as the business unit sees "
        "it: the case-review deadlines and review actions' changes included, unless "
        "--without-case-reviews (for readers who may not see case records)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--partnership", required=True, help="The partnership's slug")
        parser.add_argument(
            "--since", required=True, help="YYYY-MM-DD: the changes from the start of this day"
        )
        parser.add_argument("--meeting", help="YYYY-MM-DD: the meeting's date, default today")
        parser.add_argument("--next-meeting", help="YYYY-MM-DD, default 2 months after the meeting")
        parser.add_argument("--output", type=Path, required=True, help="The PDF file to write")
        parser.add_argument(
            "--without-case-reviews",
            action="store_true",
            help="Leave out the case-review deadlines and the review actions' changes",
        )

    def handle(self, *args, partnership, since, meeting, next_meeting, output, **options):
        found = Partnership.objects.filter(slug=partnership).first()
        if found is None:
            raise CommandError(NO_PARTNERSHIP.format(slug=partnership))
        today = timezone.localdate()
        meeting_on = _day("--meeting", meeting) or today
        since_on = _day("--since", since)
        next_meeting_on = _day("--next-meeting", next_meeting) or (
            boardpack.default_next_meeting(meeting_on)
        )
        if since_on >= meeting_on:
            raise CommandError(SINCE_NOT_BEFORE.format(meeting=meeting_on))
        if since_on > today:
            raise CommandError(SINCE_IN_THE_FUTURE.format(today=today))
        if next_meeting_on <= meeting_on:
            raise CommandError(NEXT_NOT_AFTER.format(meeting=meeting_on))
        pack = boardpack.board_pack(
            found,
            meeting_on=meeting_on,
            since=since_on,
            next_meeting_on=next_meeting_on,
            with_case_reviews=not options["without_case_reviews"],
        )
        pdf = render_pack_pdf(pack)
        try:
            output.write_bytes(pdf)
        except OSError as exc:
            raise CommandError(NOT_WRITTEN.format(path=output, reason=exc.strerror)) from exc
        self.stdout.write(
            f"{output}: {found.name}, board pack for {meeting_on:%d %B %Y}, changes since "
            f"{since_on:%d %B %Y} ({len(pdf):,} bytes)"
        )
