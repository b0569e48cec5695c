"""Forgotten passwords: a person asks for a link by e-mail, follows it and chooses a new
password; a new person gets an e-mail with a link to choose theirs."""

import re

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from kscp.core import accounts
from kscp.core.models import User
from tests.helpers import form_errors

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-brand-new-passphrase-9"


def link_in(message) -> str:
    (url,) = re.findall(r"http://testserver(/accounts/reset/\S+/)", message.body)
    return url


def test_sign_in_page_offers_the_forgotten_password_link(client):
    content = client.get(reverse("login")).content.decode()
    assert f'href="{reverse("password_reset")}">Forgotten your password?' in content


def test_a_person_resets_their_password_by_e_mail(client, lead):
    lead.email = "lena@example.org"
    lead.save()
    response = client.post(reverse("password_reset"), {"email": "LENA@example.org"})
    assert response.status_code == 302
    assert response.url == reverse("password_reset_done")
    (message,) = mail.outbox
    assert message.to == ["lena@example.org"]
    assert message.subject == (
        "Reset your password for the Northdale Safeguarding Children Partnership tracker"
    )
    html, kind = message.alternatives[0]
    assert kind == "text/html"
    assert "Northdale Safeguarding Children Partnership" in html
    assert "<img" not in html
    confirm = client.get(link_in(message), follow=True)
    assert "Choose a new password" in confirm.content.decode()
    done = client.post(
        confirm.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done.url == reverse("password_reset_complete")
    lead.refresh_from_db()
    assert lead.check_password(NEW_PASSWORD)


def test_a_used_link_has_expired(client, lead):
    lead.email = "lena@example.org"
    lead.save()
    client.post(reverse("password_reset"), {"email": lead.email})
    url = link_in(mail.outbox[0])
    confirm = client.get(url, follow=True)
    client.post(
        confirm.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    again = client.get(url, follow=True)
    assert "This link has expired" in again.content.decode()


def test_an_unknown_address_sends_nothing_and_says_the_same(client, lead):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response.url == reverse("password_reset_done")
    assert mail.outbox == []


def test_the_address_is_checked_naming_the_field(client):
    assert form_errors(client.post(reverse("password_reset"), {"email": ""})) == {
        "email": [accounts.ENTER_EMAIL]
    }
    assert form_errors(client.post(reverse("password_reset"), {"email": "not an address"})) == {
        "email": [accounts.ENTER_VALID_EMAIL]
    }


def test_two_different_new_passwords_are_refused(client, lead):
    lead.email = "lena@example.org"
    lead.save()
    client.post(reverse("password_reset"), {"email": lead.email})
    confirm = client.get(link_in(mail.outbox[0]), follow=True)
    response = client.post(
        confirm.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD + "x"},
    )
    assert form_errors(response) == {"new_password2": [accounts.PASSWORDS_DIFFER]}


def test_the_business_unit_adding_a_person_e_mails_them_a_set_password_link(client, business_unit):
    client.force_login(business_unit)
    response = client.post(
        reverse("admin:kscp_user_add"),
        {
            "username": "nia_new",
            "usable_password": "false",
            "first_name": "Nia",
            "last_name": "New",
            "email": "nia@example.org",
            "role": User.Role.MEMBER,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    person = User.objects.get(username="nia_new")
    assert not person.has_usable_password()
    (message,) = mail.outbox
    assert message.to == ["nia@example.org"]
    assert "Your username is: nia_new" in message.body
    assert "Northdale Safeguarding Children Partnership" in message.subject
    html, kind = message.alternatives[0]
    assert kind == "text/html" and "Northdale Safeguarding Children Partnership" in html
    assert "<img" not in html and link_in(message) in html
    confirm = client.get(link_in(message), follow=True)
    client.post(
        confirm.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)


def test_no_address_no_account_mail(lead):
    assert accounts.account_created_notify(user=lead) is False
    assert mail.outbox == []


@override_settings(EMAIL_BACKEND="tests.core.test_password_reset.BrokenBackend")
def test_a_failed_account_mail_keeps_the_account_and_says_so(client, business_unit):
    client.force_login(business_unit)
    response = client.post(
        reverse("admin:kscp_user_add"),
        {
            "username": "nia_new",
            "usable_password": "false",
            "email": "nia@example.org",
            "role": User.Role.MEMBER,
        },
        follow=True,
    )
    assert User.objects.filter(username="nia_new").exists()
    assert "the e-mail to them failed: mail server down" in response.content.decode()


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise OSError("mail server down")
