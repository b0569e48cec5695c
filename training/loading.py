"""Load a partnership's training demo data (fixtures/<partnership>/training.yaml, described in
fixtures/README.md): e-learning completions per course, classroom courses with their
delivered sessions, attendance generated to match both the per-course and the per-sector
tables of the annual statement, sessions cancelled for low nominations, and a few
evaluations. In the shape of every demo loader (kscp.core.loading), called last by load_demo:

    load_training(partnership, data, loader=None) -> int

Records are found by natural keys (agency name; theme name; course title and delivery;
completion course, period and platform; session course and start) and left alone once they
exist; a session's attendance is created only when the session has none. So loading twice
changes nothing. Nothing is random: the same file always gives the same dates, the same
agencies on the same sessions and the same attendee numbers."""

import datetime
import math

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from kscp.core.loading import Loader
from kscp.core.models import Agency, Partnership
from training.models import Attendance, Course, CourseTheme, ElearningCompletion, Session

SECTOR_TOTAL_MISMATCH = "{row}: the agencies' places add up to {total}, not {attended}"
TABLES_DISAGREE = "The courses' attendees add up to {courses} but the sectors' to {sectors}"
UNKNOWN_AGENCY = "Unknown agency {name!r}"
UNKNOWN_COURSE = "Unknown course {title!r}"
NO_SUCH_SESSION = "{title}: there is no session {number}"
NO_EVALUATOR = "{session}: no attendee (from the sector {sector}) left to give an evaluation"
MORNING = datetime.time(9, 30)
HOURS = 3


@transaction.atomic
def load_training(partnership: Partnership, data: dict, loader: Loader | None = None) -> int:
    """One partnership's training.yaml. Its records are validated and saved here (attendance
    in bulk), not found one by one, so only the loader's count is used."""
    loader = Loader() if loader is None else loader
    start = loader.created
    training = _TrainingLoader(partnership, loader)
    for spec in data.get("agencies") or []:
        training.agency(spec)
    for spec in data.get("elearning") or []:
        training.elearning(spec)
    if data.get("classroom"):
        training.classroom(data["classroom"])
    return loader.created - start


def allocate(needs: list[int], quotas: list[int]) -> list[list[int]]:
    """A table with a row per need and a column per quota whose rows add up to the needs and
    whose columns add up to the quotas (the two totals must be equal). Each row is shared in
    proportion to what is left of each quota, largest remainders first, so every quota is
    spread over the rows rather than used up by the first ones."""
    left, remaining = list(quotas), sum(quotas)
    if sum(needs) != remaining:
        raise ValueError(TABLES_DISAGREE.format(courses=sum(needs), sectors=remaining))
    rows = []
    for need in needs:
        if need == 0:
            rows.append([0] * len(left))
            continue
        shares = [need * quota for quota in left]
        row = [share // remaining for share in shares]
        # Fractions that are not whole are never the whole of a quota, so a place added to
        # them still fits: there are at least as many of them as places left to give.
        by_remainder = sorted(range(len(left)), key=lambda k: (-(shares[k] % remaining), k))
        for k in by_remainder[: need - sum(row)]:
            row[k] += 1
        left = [quota - n for quota, n in zip(left, row, strict=True)]
        remaining -= need
        rows.append(row)
    return rows


def session_days(
    first: datetime.date, last: datetime.date, count: int, position: int
) -> list[datetime.date]:
    """`count` weekdays spread evenly from `first` to before `last`, in order; `position`
    (the course's place in the file) shifts them so courses do not all start together."""
    span = (last - first).days
    shift = position * 37 % 100  # hundredths of the gap between sessions
    days = []
    for n in range(count):
        day = first + datetime.timedelta(days=(100 * n + shift) * span // (100 * count))
        if day.weekday() == 5:  # Saturday: the Friday before
            day -= datetime.timedelta(days=1)
        elif day.weekday() == 6:  # Sunday: the Monday after
            day += datetime.timedelta(days=1)
        days.append(day)
    return days


def _evaluators(people: list[Agency], marks: list[dict], session: Session) -> dict[int, dict]:
    """Which of a session's places (by position) gave each evaluation: the first place not yet
    taken, from the evaluation's `sector` when it names one."""
    given = {}
    for mark in marks:
        free = [
            n
            for n, agency in enumerate(people)
            if n not in given and mark.get("sector") in (None, agency.sector)
        ]
        if not free:
            raise CommandError(NO_EVALUATOR.format(session=session, sector=mark.get("sector")))
        given[free[0]] = mark
    return given


def _at(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, time))


def _places(largest_session: int) -> int:
    """A session's places: the largest session of the course and a fifth more, in fives."""
    return max(10, 5 * math.ceil(largest_session * 1.2 / 5))


class _TrainingLoader:
    def __init__(self, partnership: Partnership, loader: Loader):
        self.partnership = partnership
        self.loader = loader
        self.agencies = {a.name: a for a in Agency.objects.filter(partnership=partnership)}
        self.themes = {t.name: t for t in CourseTheme.objects.filter(partnership=partnership)}

    def _save(self, obj):
        try:
            obj.full_clean()
        except ValidationError as exc:
            raise CommandError(f"{type(obj).__name__} {obj}: {exc.message_dict}") from exc
        obj.save()
        self.loader.created += 1
        return obj

    def agency(self, spec: dict) -> Agency:
        if spec["name"] not in self.agencies:
            self.agencies[spec["name"]] = self._save(
                Agency(partnership=self.partnership, name=spec["name"], sector=spec["sector"])
            )
        return self.agencies[spec["name"]]

    def theme(self, name: str) -> CourseTheme:
        if name not in self.themes:
            self.themes[name] = self._save(CourseTheme(partnership=self.partnership, name=name))
        return self.themes[name]

    def course(self, title: str, delivery: str, themes: list[str]) -> Course:
        course = Course.objects.filter(
            partnership=self.partnership, title=title, delivery=delivery
        ).first()
        if course is None:
            course = self._save(
                Course(partnership=self.partnership, title=title, delivery=delivery)
            )
            course.themes.set([self.theme(name) for name in themes])
        return course

    def elearning(self, spec: dict) -> None:
        course = self.course(spec["course"], Course.Delivery.ELEARNING, spec.get("themes") or [])
        key = {
            "course": course,
            "period_start": spec["from"],
            "period_end": spec["to"],
            "platform": spec["platform"],
        }
        if not ElearningCompletion.objects.filter(**key).exists():
            self._save(ElearningCompletion(**key, count=spec["completed"]))

    # --- classroom ---------------------------------------------------------------------------

    def classroom(self, spec: dict) -> None:
        agencies, quotas = self._quotas(spec["sectors"])
        courses = spec["courses"]
        try:
            shares = allocate([c["attendees"] for c in courses], quotas)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        records = {
            c["title"]: self.course(c["title"], Course.Delivery.CLASSROOM, c.get("themes") or [])
            for c in courses
        }
        existing = {
            (s.course_id, s.starts_at): s
            for s in Session.objects.filter(course__in=records.values())
        }
        evaluations = {}
        for evaluation in spec.get("evaluations") or []:
            key = (evaluation["course"], evaluation["session"])
            evaluations.setdefault(key, []).append(evaluation)
        attended = set(
            Attendance.objects.filter(session__course__in=records.values()).values_list(
                "session_id", flat=True
            )
        )
        new_attendance, number = [], 0
        for position, (course_spec, share) in enumerate(zip(courses, shares, strict=True)):
            course = records[course_spec["title"]]
            places = [a for a, n in zip(agencies, share, strict=True) for _ in range(n)]
            count = course_spec["sessions"]
            dealt = [places[k::count] for k in range(count)]
            days = session_days(spec["first_day"], spec["last_day"], count, position)
            capacity = _places(len(dealt[0]))  # the first sessions are the largest
            for index, (day, people) in enumerate(zip(days, dealt, strict=True), start=1):
                session = self._session(existing, course, spec, day, index, capacity)
                marks = _evaluators(people, evaluations.pop((course.title, index), []), session)
                if session.pk not in attended:
                    new_attendance += self._attendance(session, people, marks, number)
                number += len(people)
        if evaluations:
            title, index = next(iter(evaluations))
            raise CommandError(NO_SUCH_SESSION.format(title=title, number=index))
        if new_attendance:
            bulk_create_with_history(new_attendance, Attendance, batch_size=500)
            self.loader.created += len(new_attendance)
        for cancelled in spec.get("cancelled") or []:
            self._cancelled(records, existing, cancelled)

    def _quotas(self, sectors: list[dict]) -> tuple[list[Agency], list[int]]:
        agencies, quotas = [], []
        for row in sectors:
            total = sum(row["agencies"].values())
            if total != row["attended"]:
                raise CommandError(
                    SECTOR_TOTAL_MISMATCH.format(
                        row=row["row"], total=total, attended=row["attended"]
                    )
                )
            for name, places in row["agencies"].items():
                if name not in self.agencies:
                    raise CommandError(UNKNOWN_AGENCY.format(name=name))
                agencies.append(self.agencies[name])
                quotas.append(places)
        return agencies, quotas

    def _session(self, existing, course, spec, day, index, capacity) -> Session:
        starts = _at(day, MORNING)
        session = existing.get((course.pk, starts))
        if session is None:
            venues = spec["venues"]
            session = self._save(
                Session(
                    course=course,
                    starts_at=starts,
                    ends_at=starts + datetime.timedelta(hours=HOURS),
                    venue=venues[(index - 1) % len(venues)],
                    trainers=spec.get("trainers", ""),
                    capacity=capacity,
                    status=Session.Status.DELIVERED,
                )
            )
            existing[(course.pk, starts)] = session
        return session

    def _attendance(self, session, people, marks, number) -> list[Attendance]:
        records = []
        for offset, agency in enumerate(people, start=1):
            mark = marks.get(offset - 1, {})
            attendance = Attendance(
                session=session,
                name=f"Attendee {number + offset:04d}",
                agency=agency,
                status=Attendance.Status.ATTENDED,
                confidence_before=mark.get("before"),
                confidence_after=mark.get("after"),
                impact_comment=mark.get("comment", "").strip(),
            )
            try:
                # The session and agency are known to exist: no query per record for them.
                attendance.full_clean(
                    exclude=["session", "agency"], validate_unique=False, validate_constraints=False
                )
            except ValidationError as exc:
                raise CommandError(f"{session}: {exc.message_dict}") from exc
            records.append(attendance)
        return records

    def _cancelled(self, records, existing, spec) -> None:
        course = records.get(spec["course"])
        if course is None:
            raise CommandError(UNKNOWN_COURSE.format(title=spec["course"]))
        starts = _at(spec["date"], MORNING)
        if (course.pk, starts) in existing:
            return
        existing[(course.pk, starts)] = self._save(
            Session(
                course=course,
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=HOURS),
                capacity=spec["places"],
                status=Session.Status.CANCELLED,
                cancellation_reason=spec.get("reason", Session.CancellationReason.LOW_NOMINATIONS),
                cancellation_note=spec.get("note", ""),
            )
        )
