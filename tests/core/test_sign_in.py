import pytest
from django.test import override_settings
from django.urls import reverse

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


def test_signing_in_twice_writes_no_history_row_for_the_person(client, lead):
    rows = lead.history.count()
    for _ in range(2):
        assert sign_in(client, lead.username, PASSWORD).status_code == 302
        client.post(reverse("logout"))
    lead.refresh_from_db()
    assert lead.last_login is not None
    assert lead.history.count() == rows


def test_a_change_of_role_still_writes_a_history_row(client, lead):
    sign_in(client, lead.username, PASSWORD)
    rows = lead.history.count()
    lead.refresh_from_db()
    lead.role = lead.Role.EXECUTIVE
    lead.save()
    assert lead.history.count() == rows + 1
    assert lead.history.latest().role == lead.Role.EXECUTIVE
