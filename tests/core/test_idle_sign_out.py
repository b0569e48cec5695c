"""A sign-in left idle ends: after SESSION_IDLE_MINUTES (60 by default) without a page, the
next page is the sign-in page, saying why; a person who keeps working stays signed in, up to
the 8 hours a sign-in lasts."""

import time

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from kscp.core.middleware import LAST_SEEN_KEY, SIGNED_OUT_IDLE

pytestmark = pytest.mark.django_db


def idle_for(client, seconds: int) -> None:
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - seconds
    session.save()


def test_the_idle_time_is_an_hour_by_default_within_the_eight_hours_of_a_sign_in():
    assert settings.SESSION_IDLE_MINUTES == 60
    assert settings.SESSION_IDLE_MINUTES * 60 < settings.SESSION_COOKIE_AGE == 8 * 60 * 60


def test_an_hour_without_a_page_signs_the_person_out_and_says_why(client, lead):
    client.force_login(lead)
    assert client.get(reverse("home")).status_code == 200
    idle_for(client, 61 * 60)

    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert "_auth_user_id" not in client.session
    page = client.get(response.url).content.decode()
    assert SIGNED_OUT_IDLE.format(minutes="1 hour") in page


def test_a_person_who_keeps_working_stays_signed_in(client, lead):
    client.force_login(lead)
    client.get(reverse("home"))
    idle_for(client, 59 * 60)
    assert client.get(reverse("home")).status_code == 200
    idle_for(client, 30 * 60)  # the page just opened counts as activity
    assert client.get(reverse("home")).status_code == 200


@override_settings(SESSION_IDLE_MINUTES=15)
def test_the_idle_time_is_configurable(client, lead):
    client.force_login(lead)
    client.get(reverse("home"))
    idle_for(client, 16 * 60)
    response = client.get(reverse("home"), follow=True)
    assert SIGNED_OUT_IDLE.format(minutes="15 minutes") in response.content.decode()


def test_a_post_after_the_idle_time_changes_nothing(client, lead, objective):
    client.force_login(lead)
    client.get(reverse("home"))
    idle_for(client, 2 * 60 * 60)
    response = client.post(
        reverse("plans:objective_update", args=[objective.pk]),
        {"rag": "green", "progress": "Done", "evidence": "", "version": objective.version},
    )
    assert response.url.startswith(reverse("login"))
    objective.refresh_from_db()
    assert objective.rag == "not_started"


@pytest.mark.parametrize("minutes", ["0", "481", "sixty"])
def test_an_idle_time_outside_the_sign_in_is_refused_at_start(minutes):
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={
            "DJANGO_SETTINGS_MODULE": "kscp.settings.test",
            "SESSION_IDLE_MINUTES": minutes,
            "PATH": "/usr/bin:/bin",
        },
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )
    assert result.returncode != 0
    assert "SESSION_IDLE_MINUTES must be" in result.stderr
