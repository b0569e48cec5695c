"""Nothing lost, in the core's own records: a partnership, an agency, a group, a membership
and a person, edited in the admin, are version-checked like tracked items. A stale change
form is refused naming who changed the record, nothing is overwritten, and a save from the
page opened again knowingly replaces their change. A sign-in, an idle sign-out and a
password reset are not edits: a copy of the person read before them still saves."""

import time

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from kscp.core.middleware import LAST_SEEN_KEY
from kscp.core.models import Agency, Group, Membership, Partnership, User
from kscp.core.versioning import STALE_ADMIN_FORM
from tests.core.test_password_reset import NEW_PASSWORD, link_in
from tests.helpers import PASSWORD, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(partnership):
    """A second person of the business unit, editing the same records."""
    return make_person("cal_colleague", partnership, role=User.Role.BUSINESS_UNIT)


def signed_in(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def change_url(record) -> str:
    meta = record._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk])


def form_data(client, record, **changes) -> dict:
    """What the record's admin change form posts as opened now, inline forms included, with
    `changes` applied."""
    page = client.get(change_url(record))
    assert page.status_code == 200
    forms = [("", page.context["adminform"].form)]
    data = {}
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        data[f"{formset.prefix}-TOTAL_FORMS"] = str(len(formset.forms))
        data[f"{formset.prefix}-INITIAL_FORMS"] = str(formset.initial_form_count())
        forms += [(formset.prefix, form) for form in formset.forms]
    for _, form in forms:
        for name, field in form.fields.items():
            if field.disabled:
                continue
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = "on" if value is True else value
    data.update(changes)
    return data


# (record fixture, field changed, the colleague's value, the editor's value)
CASES = [
    ("partnership", "short_name", "NSCP-C", "NSCP-E"),
    ("agency", "name", "Northdale Borough Council", "Northdale City Council"),
    ("group", "meeting_frequency", "Monthly", "Every six weeks"),
    ("membership", "represents", "Designated Nurse", "Designated Doctor"),
    ("lead", "job_title", "Head of Service", "Service Manager"),
]


@pytest.fixture
def membership(group, lead):
    return Membership.objects.get(group=group, person=lead)


@pytest.mark.parametrize(("fixture", "field", "theirs", "mine"), CASES)
def test_a_stale_admin_form_is_refused_and_a_second_save_replaces_the_change(
    request, business_unit, colleague, fixture, field, theirs, mine
):
    record = request.getfixturevalue(fixture)
    model = type(record)
    editor, other = signed_in(business_unit), signed_in(colleague)
    stale = form_data(editor, record, **{field: mine})

    theirs_saved = other.post(change_url(record), form_data(other, record, **{field: theirs}))
    assert theirs_saved.status_code == 302
    refused = editor.post(change_url(record), stale)

    assert refused.status_code == 200
    (refusal,) = refused.context["adminform"].form.non_field_errors()
    before, after = STALE_ADMIN_FORM.split("{when}")
    current = model.objects.get(pk=record.pk)
    assert refusal.startswith(
        before.format(record=f"{model._meta.verbose_name.capitalize()} {current}", who=colleague)
    )
    assert refusal.endswith(after)
    assert getattr(current, field) == theirs  # nothing overwritten

    again = form_data(editor, record)
    assert again[field] == theirs  # the page opened again shows their change
    again[field] = mine
    assert editor.post(change_url(record), again).status_code == 302
    replaced = model.objects.get(pk=record.pk)
    assert getattr(replaced, field) == mine
    assert replaced.version == current.version + 1


def test_the_five_core_records_carry_a_version():
    for model in (Partnership, Agency, Group, Membership, User):
        assert model._meta.get_field("version").default == 1


def test_a_persons_change_form_posts_the_version_opened(client, business_unit, lead):
    client.force_login(business_unit)
    page = client.get(change_url(lead)).content.decode()
    assert f'name="seen_version" value="{lead.version}"' in page


def test_the_business_unit_adds_a_person_in_the_admin(client, business_unit, agency):
    client.force_login(business_unit)
    response = client.post(
        reverse("admin:kscp_user_add"),
        {
            "username": "nina_new",
            "usable_password": "false",
            "first_name": "Nina",
            "last_name": "New",
            "email": "nina@example.org",
            "job_title": "Designated Nurse",
            "agency": agency.pk,
            "role": User.Role.MEMBER,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    person = User.objects.get(username="nina_new")
    assert person.partnership == business_unit.partnership
    assert person.version == 1


def test_signing_in_twice_leaves_a_copy_read_earlier_saveable(client, lead):
    earlier = User.objects.get(pk=lead.pk)
    for _ in range(2):
        signed = client.post(reverse("login"), {"username": lead.username, "password": PASSWORD})
        assert signed.status_code == 302
        client.logout()
    lead.refresh_from_db()
    assert lead.last_login is not None
    assert lead.version == earlier.version  # a sign-in is not an edit

    earlier.job_title = "Service Manager"
    earlier.save()
    assert User.objects.get(pk=lead.pk).job_title == "Service Manager"


def test_the_idle_sign_out_leaves_a_copy_read_earlier_saveable(client, lead):
    earlier = User.objects.get(pk=lead.pk)
    client.force_login(lead)
    assert client.get(reverse("home")).status_code == 200
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - 61 * 60
    session.save()
    assert client.get(reverse("home")).url.startswith(reverse("login"))

    earlier.job_title = "Service Manager"
    earlier.save()
    assert User.objects.get(pk=lead.pk).job_title == "Service Manager"


def test_a_password_reset_leaves_a_copy_read_earlier_saveable(client, lead):
    lead.email = "lena@example.org"
    lead.save()
    earlier = User.objects.get(pk=lead.pk)
    client.post(reverse("password_reset"), {"email": lead.email})
    confirm = client.get(link_in(mail.outbox[0]), follow=True)
    done = client.post(
        confirm.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done.url == reverse("password_reset_complete")
    reset = User.objects.get(pk=lead.pk)
    assert reset.check_password(NEW_PASSWORD)
    assert reset.version == earlier.version  # a password reset is not an edit

    earlier.job_title = "Service Manager"
    earlier.save()
    assert User.objects.get(pk=lead.pk).job_title == "Service Manager"


def test_a_password_set_in_the_admin_is_not_an_edit(client, business_unit, lead):
    earlier = User.objects.get(pk=lead.pk)
    client.force_login(business_unit)
    response = client.post(
        reverse("admin:auth_user_password_change", args=[lead.pk]),
        {"usable_password": "true", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    changed = User.objects.get(pk=lead.pk)
    assert changed.check_password(NEW_PASSWORD)
    assert changed.version == earlier.version
