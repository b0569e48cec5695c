"""Run the demo: migrate a SQLite database, load the demo partnerships, print the demo
sign-ins and update rounds, send the e-mails due today (to tmp/mail/), and serve the
application."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import formats

from kscp.core.models import Membership, User
from kscp.demo.fixtures import demo_logins
from kscp.rounds.models import UpdateRound
from kscp.rounds.selectors import round_state
from plans.models import Objective, Plan, number_sort_key
from reviews import access as reviews_access
from reviews.models import ReviewAction
from training import access as training_access


def _what_they_do(user: User) -> str:
    """What a sign-in may do besides reading the plans: the business unit changes
    everything; executive members and the scrutineer read and change nothing; a lead or
    member updates the items of the groups they lead, sees case reviews if they sit on the
    practice review sub-group, manages training, updates their agency's review actions."""
    if user.role == User.Role.BUSINESS_UNIT:
        return " — sets up the partnership and records everything"
    if user.role != User.Role.MEMBER:
        # Owners update their own items whatever their role (Kirklees 2.1 and 2.3 name the
        # independent scrutineer).
        owned = sorted(
            Objective.objects.filter(
                owners__person=user, plan__status=Plan.Status.LIVE
            ).values_list("number", flat=True),
            key=number_sort_key,
        )
        if owned:
            return f" — reads every record, updates the objectives naming them: {', '.join(owned)}"
        return " — reads every record, changes nothing"
    parts = []
    led = ", ".join(
        m.group.name
        for m in user.memberships.select_related("group")
        if m.role == Membership.Role.LEAD
    )
    if led:
        parts.append(f"updates the items of {led}")
    if reviews_access.sits_on_case_review_group(user):
        parts.append("sits on the practice review sub-group (sees case reviews)")
    if training_access.sits_on_training_group(user):
        parts.append("manages training")
    if user.agency_id and ReviewAction.objects.filter(owner_agency=user.agency).exists():
        parts.append(f"updates {user.agency}'s review actions")
    return "".join(f" — {part}" for part in parts)


def _round_line(update_round: UpdateRound) -> str:
    def day(value) -> str:
        return formats.date_format(value, "j F Y")

    where = update_round.partnership.short_name
    if update_round.is_closed:
        return (
            f"  {where:<5} {update_round.name}: closed {day(update_round.closed_at)}, "
            f"{update_round.closed_done} of {update_round.closed_total} items updated "
            f"({update_round.closed_percent}%)"
        )
    state = round_state(update_round)
    return (
        f"  {where:<5} {update_round.name}: {update_round.status().lower()}, updates due by "
        f"{day(update_round.deadline)}, {state.done} of {state.total} done "
        f"({len(state.owners)} owners, {sum(1 for o in state.owners if o.outstanding)} "
        f"outstanding)"
    )


class Command(BaseCommand):
    help = "Set up and serve the demo with its sign-ins (DEMO_MODE only)."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--no-serve", action="store_true", help="Set up and print only")

    def handle(self, *args, addrport, no_serve, **options):
        if not settings.DEMO_MODE:
            raise CommandError("The demo runs only with DEMO_MODE=true (see README).")
        call_command("migrate", verbosity=0)
        call_command("load_demo")
        self.stdout.write(f"\nDemo sign-ins (password for all: {settings.DEMO_PASSWORD})\n")
        for user in demo_logins():
            self.stdout.write(
                f"  {user.partnership.short_name:<5} {user.get_role_display():<24} "
                f"{user.username:<22} {user.get_full_name()}{_what_they_do(user)}"
            )
        rounds = UpdateRound.objects.select_related("partnership").order_by(
            "partnership__name", "-deadline"
        )
        if rounds:
            self.stdout.write("\nUpdate rounds (Update rounds in the service navigation):")
            for update_round in rounds:
                self.stdout.write(_round_line(update_round))
        if settings.EMAIL_BACKEND.endswith("filebased.EmailBackend"):
            self.stdout.write(
                f"\nE-mails the service sends (account, password reset, update rounds) are "
                f"written to {settings.EMAIL_FILE_PATH}/, one file each: read them there. "
                f"The round e-mails due today, as the hourly send_reminders sends them:"
            )
            call_command("send_reminders", stdout=self.stdout)
        if not no_serve:
            self.stdout.write(f"\nOpen http://{addrport}/ and sign in.\n")
            call_command("runserver", addrport, use_reloader=False)
