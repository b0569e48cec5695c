import pytest
from django.test import override_settings
from django.urls import reverse

from kscp.core.signin import ENTER_PASSWORD, ENTER_USERNAME, NOT_RIGHT

pytestmark = pytest.mark.django_db

PASSWORD = "not-a-real-password-1"


def sign_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_sign_in_takes_a_person_home(client, lead):
    response = sign_in(client, lead.username, PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("home")


def test_a_wrong_password_is_explained_with_an_error_summary(client, lead):
    response = sign_in(client, lead.username, "wrong")
    content = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Sign in" in content
    assert "There is a problem" in content


@override_settings(AXES_FAILURE_LIMIT=3)
def test_repeated_failed_sign_ins_lock_the_account_even_with_the_right_password(client, lead):
    for _ in range(3):
        sign_in(client, lead.username, "wrong")
    response = sign_in(client, lead.username, PASSWORD)
    assert response.status_code == 429
    assert "Too many attempts to sign in" in response.content.decode()


def test_sign_out_is_a_post_and_ends_the_session(client, lead):
    client.force_login(lead)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_pages_carry_a_content_security_policy_with_a_script_nonce(client, lead):
    client.force_login(lead)
    response = client.get(reverse("home"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in response.content.decode()


@override_settings(AXES_FAILURE_LIMIT=3)
def test_spraying_many_usernames_from_one_address_is_throttled(client, lead):
    for n in range(3):
        sign_in(client, f"guess{n}", "wrong")
    assert sign_in(client, lead.username, PASSWORD).status_code == 429


def test_an_empty_sign_in_asks_for_the_username_and_the_password(client):
    response = sign_in(client, "", "")
    content = response.content.decode()
    assert f'<a href="#id_username">{ENTER_USERNAME}</a>' in content
    assert f'<a href="#id_password">{ENTER_PASSWORD}</a>' in content
    assert "This field is required." not in content


def test_a_wrong_password_says_the_username_or_password_is_not_right(client, lead):
    content = sign_in(client, lead.username, "wrong").content.decode()
    assert f'<a href="#id_password">{NOT_RIGHT}</a>' in content
    assert "Please enter a correct username and password" not in content
