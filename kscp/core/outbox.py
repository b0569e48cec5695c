"""Every e-mail due is recorded and sent once. A sender (the `send_reminders` command, a
"remind now" button) records what each person is due to be told (`record_dues`); the
database refuses a second record of the same thing, so two runs, or two at once on different
servers, record it once. `dispatch` then gives each person with unsent dues one e-mail for
the day, claimed by one conditional UPDATE so that only one run sends it; a failed send is
kept with its error and tried again by the next run."""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from kscp.core.models import EmailDue, OutgoingEmail, User

MAX_ATTEMPTS = 24  # a day of hourly runs
CLAIM_EXPIRES = datetime.timedelta(hours=1)  # a run that died while sending
NO_ADDRESS = "No e-mail address is recorded for this person"

Status = OutgoingEmail.Status
# Builds the e-mail of a person's dues, or None when nothing is left to say (every item was
# updated since the dues were recorded, say).
Composer = Callable[[User, list[EmailDue]], EmailMultiAlternatives | None]


@dataclass(frozen=True)
class Due:
    person_id: int
    topic: str
    kind: str
    due_on: datetime.date
    stream: str = "digest"


@dataclass
class Dispatched:
    sent: list[int] = field(default_factory=list)  # the OutgoingEmail ids sent
    failed: list[int] = field(default_factory=list)
    not_needed: int = 0


def record_dues(dues: Iterable[Due]) -> None:
    """Record the dues; those already recorded stay as they are (the unique constraint)."""
    EmailDue.objects.bulk_create(
        [
            EmailDue(
                person_id=d.person_id,
                topic=d.topic,
                kind=d.kind,
                due_on=d.due_on,
                stream=d.stream,
            )
            for d in dues
        ],
        ignore_conflicts=True,
        batch_size=500,
    )


def dispatch(
    *, today: datetime.date, compose: Composer, stream: str = "digest", people=None, skip=()
) -> Dispatched:
    """Send each person (of `people`, if given; not of `skip`) with unsent dues of `stream`
    their e-mail of `today`, and try again the e-mails that failed before. The dues of those
    skipped wait for the next day's e-mail."""
    unsent = EmailDue.objects.filter(email__isnull=True, due_on__lte=today, stream=stream)
    if people is not None:
        unsent = unsent.filter(person_id__in=people)
    unsent = unsent.exclude(person_id__in=skip)
    person_ids = set(unsent.values_list("person_id", flat=True))
    existing = set(
        OutgoingEmail.objects.filter(
            person_id__in=person_ids, day=today, stream=stream
        ).values_list("person_id", flat=True)
    )
    OutgoingEmail.objects.bulk_create(
        [OutgoingEmail(person_id=pk, day=today, stream=stream) for pk in person_ids - existing],
        ignore_conflicts=True,
        batch_size=500,
    )
    now = timezone.now()
    waiting = OutgoingEmail.objects.filter(stream=stream, attempts__lt=MAX_ATTEMPTS).filter(
        Q(status__in=[Status.PENDING, Status.FAILED])
        | Q(status=Status.SENDING, claimed_at__lt=now - CLAIM_EXPIRES)
    )
    if people is not None:
        waiting = waiting.filter(person_id__in=people)
    waiting = waiting.exclude(person_id__in=skip)
    result = Dispatched()
    for email in waiting.select_related("person").order_by("pk"):
        _send(email, compose, result)
    return result


def _claim(email: OutgoingEmail) -> bool:
    """Whether this run won the e-mail: one UPDATE from the state it was read in."""
    return bool(
        OutgoingEmail.objects.filter(
            pk=email.pk, status=email.status, attempts=email.attempts
        ).update(status=Status.SENDING, claimed_at=timezone.now(), attempts=F("attempts") + 1)
    )


def _send(email: OutgoingEmail, compose: Composer, result: Dispatched) -> None:
    if not _claim(email):
        return
    with transaction.atomic():
        EmailDue.objects.filter(
            person_id=email.person_id,
            email__isnull=True,
            due_on__lte=email.day,
            stream=email.stream,
        ).update(email=email)
    dues = list(email.dues.all())
    person = email.person
    done = OutgoingEmail.objects.filter(pk=email.pk)
    if not dues:  # another run took them first
        done.update(status=Status.NOT_NEEDED)
        result.not_needed += 1
        return
    if not person.email:
        done.update(status=Status.FAILED, error=NO_ADDRESS)
        result.failed.append(email.pk)
        return
    try:
        message = compose(person, dues)
        if message is None:
            done.update(status=Status.NOT_NEEDED)
            result.not_needed += 1
            return
        message.to = [person.email]
        message.send(fail_silently=False)
    except Exception as error:  # any backend's failure: recorded, tried again next run
        done.update(status=Status.FAILED, error=f"{type(error).__name__}: {error}"[:500])
        result.failed.append(email.pk)
        return
    done.update(
        status=Status.SENT,
        error="",
        to=person.email,
        subject=message.subject[:300],
        body=message.body,
        sent_at=timezone.now(),
    )
    result.sent.append(email.pk)
