import pytest
from django.test import override_settings
from django.urls import reverse

from kscp.core.signin import (
    ENTER_PASSWORD,
    ENTER_USERNAME,
    NOT_RIGHT,
    TRIES_LEFT_BEFORE_ADDRESS_LOCK,
    TRIES_LEFT_BEFORE_USERNAME_LOCK,
)

pytestmark = pytest.mark.django_db

PASSWORD = "not-a-real-password-1"


def sign_in(client, username, password, address="127.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def sign_in_and_out(client, username, password):
    assert sign_in(client, username, password).status_code == 302
    client.post(reverse("logout"))


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


@override_settings(AXES_FAILURE_LIMIT=3, SIGN_IN_ADDRESS_FAILURE_LIMIT=3)
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


def test_sign_ins_as_another_user_do_not_clear_a_usernames_failures(client, lead, member):
    for _ in range(9):
        assert sign_in(client, lead.username, "wrong").status_code == 200
    sign_in_and_out(client, member.username, PASSWORD)
    assert sign_in(client, lead.username, "wrong").status_code == 429
    assert sign_in(client, lead.username, PASSWORD).status_code == 429


def test_a_successful_sign_in_clears_that_usernames_failures(client, lead):
    for _ in range(9):
        sign_in(client, lead.username, "wrong")
    sign_in_and_out(client, lead.username, PASSWORD)
    for _ in range(9):
        assert sign_in(client, lead.username, "wrong").status_code == 200


def test_one_persons_typos_do_not_lock_others_on_the_same_address(client, lead, member):
    for _ in range(10):
        sign_in(client, lead.username, "wrong")
    assert sign_in(client, lead.username, PASSWORD).status_code == 429
    assert sign_in(client, member.username, PASSWORD).status_code == 302


def test_fifty_failures_across_usernames_lock_every_sign_in_from_the_address(client, lead):
    for n in range(49):
        assert sign_in(client, f"guess{n}", "wrong").status_code == 200
    locked = sign_in(client, "guess49", "wrong")
    assert locked.status_code == 429
    assert "every sign-in from this internet address" in locked.content.decode()
    assert sign_in(client, lead.username, PASSWORD).status_code == 429
    assert sign_in(client, lead.username, PASSWORD, address="10.0.0.2").status_code == 302


def test_a_success_does_not_clear_the_addresss_failures(client, lead, member):
    for n in range(45):
        sign_in(client, f"guess{n}", "wrong")
    sign_in_and_out(client, lead.username, PASSWORD)
    for n in range(4):
        assert sign_in(client, f"again{n}", "wrong").status_code == 200
    assert sign_in(client, "again4", "wrong").status_code == 429


def test_the_sign_in_page_says_how_many_tries_remain_once_few_remain(client, lead):
    for _ in range(6):
        content = sign_in(client, lead.username, "wrong").content.decode()
        assert "more time" not in content
    content = sign_in(client, lead.username, "wrong").content.decode()
    three_left = TRIES_LEFT_BEFORE_USERNAME_LOCK.format(
        tries=3, times="times", username=lead.username, minutes="15 minutes"
    )
    assert three_left in content
    for _ in range(2):
        content = sign_in(client, lead.username, "wrong").content.decode()
    one_left = TRIES_LEFT_BEFORE_USERNAME_LOCK.format(
        tries=1, times="time", username=lead.username, minutes="15 minutes"
    )
    assert one_left in content


def test_the_sign_in_page_warns_before_the_address_is_locked(client):
    for n in range(47):
        content = sign_in(client, f"guess{n}", "wrong").content.decode()
    three_left = TRIES_LEFT_BEFORE_ADDRESS_LOCK.format(tries=3, times="times", minutes="15 minutes")
    assert three_left in content


def test_the_lockout_page_names_the_locked_username_and_the_lock_time(client, lead):
    for _ in range(10):
        response = sign_in(client, lead.username, "wrong")
    content = response.content.decode()
    assert response.status_code == 429
    assert f"The username {lead.username} is locked for 15 minutes" in content
    assert "this account" not in content


def test_no_page_or_download_of_a_signed_in_person_may_be_kept_by_a_cache(client, lead):
    client.force_login(lead)
    for url in (reverse("home"), reverse("your_items_export", args=["csv"])):
        cache_control = {part.strip() for part in client.get(url)["Cache-Control"].split(",")}
        assert {"no-store", "private"} <= cache_control, url


def test_every_response_switches_off_the_browser_features_no_page_uses(client):
    policy = client.get(reverse("login"))["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in policy


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
