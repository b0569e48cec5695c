"""Demo passwords exist only in demo mode. (Its own module: it loads the demo itself.)"""

import pytest
from django.core.management import call_command
from django.test import override_settings

from kscp.models import User

pytestmark = pytest.mark.django_db


@override_settings(DEMO_PASSWORD="demo-password")
def test_demo_sign_ins_work_in_demo_mode(db):
    call_command("load_demo", verbosity=0)
    demo_users = User.objects.filter(username__in=["sharon.hewitt", "phil.cross", "mel.meggs"])
    assert demo_users.count() == 3
    assert all(user.check_password("demo-password") for user in demo_users)
