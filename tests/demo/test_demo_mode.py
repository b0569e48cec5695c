"""Demo passwords exist only in demo mode. (Its own module: it loads the demo itself.)"""

import pytest
from django.core.management import call_command
from django.test import override_settings

from kscp.core.models import User

pytestmark = pytest.mark.django_db


@override_settings(DEMO_PASSWORD="demo-password")
def test_demo_sign_ins_work_in_demo_mode(db):
    call_command("load_demo", verbosity=0)
    demo_users = User.objects.filter(username__in=["sharon.hewitt", "phil.cross", "mel.meggs"])
    assert demo_users.count() == 3
    assert all(user.check_password("demo-password") for user in demo_users)


@override_settings(DEMO_MODE=True, DEMO_PASSWORD="demo-password")
def test_the_demo_lists_who_sees_case_reviews_and_who_updates_agency_actions(db):
    from io import StringIO
    from unittest import mock

    out = StringIO()
    with mock.patch("kscp.demo.management.commands.demo.call_command") as call:
        call.side_effect = lambda name, *args, **kwargs: (
            call_command(name, verbosity=0) if name == "load_demo" else None
        )
        call_command("demo", "--no-serve", stdout=out)
    lines = {
        word: line
        for line in out.getvalue().splitlines()
        for word in line.split()
        if word in ("nadia.wrenfield", "tamsin.ardingley", "elaine.mcshane")
    }
    assert "sees case reviews" in lines["nadia.wrenfield"]
    assert "updates Locala's review actions" in lines["tamsin.ardingley"]
    assert "sees case reviews" not in lines["tamsin.ardingley"]
    assert "manages training" in lines["elaine.mcshane"]


@override_settings(DEMO_MODE=True, DEMO_PASSWORD="demo-password")
def test_the_demo_sign_ins_say_what_each_person_may_do(db):
    from io import StringIO
    from unittest import mock

    out = StringIO()
    with mock.patch("kscp.demo.management.commands.demo.call_command") as call:
        call.side_effect = lambda name, *args, **kwargs: (
            call_command(name, verbosity=0) if name == "load_demo" else None
        )
        call_command("demo", "--no-serve", stdout=out)
    names = {"sheila.lock", "mel.meggs", "sharon.hewitt", "phil.cross"}
    lines = {
        word: line for line in out.getvalue().splitlines() for word in line.split() if word in names
    }
    assert lines["sheila.lock"].endswith(
        "— reads every record, updates the objectives naming them: 2.1, 2.3"
    )
    assert "leads" not in lines["sheila.lock"]
    assert lines["mel.meggs"].endswith("— reads every record, changes nothing")
    assert lines["sharon.hewitt"].endswith("— sets up the partnership and records everything")
    assert "updates the items of Safeguarding Effectiveness Group" in lines["phil.cross"]


@override_settings(
    DEMO_MODE=True,
    EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
    EMAIL_FILE_PATH="/tmp/kscp-demo-mail",
)
def test_the_demo_says_where_its_e_mails_are_written_and_sends_those_due(db):
    from io import StringIO
    from unittest import mock

    out = StringIO()
    with mock.patch("kscp.demo.management.commands.demo.call_command") as call:
        call_command("demo", "--no-serve", stdout=out)
    assert "are written to /tmp/kscp-demo-mail/, one file each: read them there" in (out.getvalue())
    assert "send_reminders" in [args[0] for args, _ in call.call_args_list]


@override_settings(DEMO_MODE=True)
def test_the_demo_with_mail_going_elsewhere_does_not_send_it(db):
    from io import StringIO
    from unittest import mock

    out = StringIO()
    with mock.patch("kscp.demo.management.commands.demo.call_command") as call:
        call_command("demo", "--no-serve", stdout=out)
    assert "written to" not in out.getvalue()
    assert "send_reminders" not in [args[0] for args, _ in call.call_args_list]
