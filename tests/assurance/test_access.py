"""Who may do what with the yearly report, GET and POST, beside the URL sweep of
tests/overview: a lead safeguarding partner reads drafts, comments and signs off; the
scrutineer writes the independent scrutiny and their evaluation; an ordinary member sees
only published reports; another partnership gets 404; nothing refused changes anything."""

import pytest
from django.urls import reverse

from kscp.assurance import services
from kscp.assurance.models import Report

pytestmark = pytest.mark.django_db

PARTNER, MEMBER, EXECUTIVE, SCRUTINEER, BUSINESS_UNIT, OUTSIDER = (
    "partner",
    "member",
    "executive",
    "scrutineer",
    "business_unit",
    "outsider",
)


@pytest.fixture
def people(partners, member, executive, scrutineer, business_unit, outsider):
    return {
        PARTNER: partners[0].person,
        MEMBER: member,
        EXECUTIVE: executive,
        SCRUTINEER: scrutineer,
        BUSINESS_UNIT: business_unit,
        OUTSIDER: outsider,
    }


@pytest.fixture
def with_partners(report, business_unit, partners):
    services.report_send_for_sign_off(report=report, user=business_unit)
    report.refresh_from_db()
    return report


READ = {
    PARTNER: 200,
    MEMBER: 404,
    EXECUTIVE: 200,
    SCRUTINEER: 200,
    BUSINESS_UNIT: 200,
    OUTSIDER: 404,
}


@pytest.mark.parametrize("persona", list(READ))
def test_a_draft_is_read_by_its_readers_and_does_not_exist_for_others(
    client, people, report, persona
):
    client.force_login(people[persona])
    for name in ("assurance:report", "assurance:report_print", "assurance:checklist"):
        assert client.get(reverse(name, args=[report.pk])).status_code == READ[persona], name


def test_a_member_sees_only_published_reports_in_the_list(client, people, report):
    client.force_login(people[MEMBER])
    response = client.get(reverse("assurance:list"))
    assert report.title not in response.content.decode()
    client.force_login(people[BUSINESS_UNIT])
    assert report.title in client.get(reverse("assurance:list")).content.decode()


SIGN = {
    PARTNER: 302,
    MEMBER: 404,
    EXECUTIVE: 403,
    SCRUTINEER: 403,
    BUSINESS_UNIT: 403,
    OUTSIDER: 404,
}


@pytest.mark.parametrize("persona", list(SIGN))
def test_only_a_lead_safeguarding_partner_signs_off(client, people, with_partners, persona):
    client.force_login(people[persona])
    url = reverse("assurance:sign_off", args=[with_partners.pk])
    response = client.post(url, {"comment": "Agreed"})
    assert response.status_code == SIGN[persona]
    standing = with_partners.sign_offs.filter(withdrawn_at__isnull=True).count()
    assert standing == (1 if persona == PARTNER else 0)


COMMENT = {
    PARTNER: 302,
    MEMBER: 404,
    EXECUTIVE: 302,
    SCRUTINEER: 403,
    BUSINESS_UNIT: 302,
    OUTSIDER: 404,
}


@pytest.mark.parametrize("persona", list(COMMENT))
def test_partners_executive_members_and_the_business_unit_comment(client, people, report, persona):
    client.force_login(people[persona])
    response = client.post(
        reverse("assurance:comment_add", args=[report.pk]), {"text": "A thought"}
    )
    assert response.status_code == COMMENT[persona]
    assert report.comments.count() == (1 if COMMENT[persona] == 302 else 0)


SCRUTINY = {
    PARTNER: 403,
    MEMBER: 404,
    EXECUTIVE: 403,
    SCRUTINEER: 302,
    BUSINESS_UNIT: 302,
    OUTSIDER: 404,
}


@pytest.mark.parametrize("persona", list(SCRUTINY))
def test_the_scrutineer_and_the_business_unit_write_the_scrutiny_section(
    client, people, scrutiny_section, persona
):
    client.force_login(people[persona])
    url = reverse("assurance:section_edit", args=[scrutiny_section.pk])
    response = client.post(
        url, {"title": "Independent scrutiny", "body": "Sound", "version": scrutiny_section.version}
    )
    assert response.status_code == SCRUTINY[persona]
    scrutiny_section.refresh_from_db()
    assert scrutiny_section.body == ("Sound" if SCRUTINY[persona] == 302 else "")


WRITE = {
    PARTNER: 403,
    MEMBER: 404,
    EXECUTIVE: 403,
    SCRUTINEER: 403,
    BUSINESS_UNIT: 302,
    OUTSIDER: 404,
}


@pytest.mark.parametrize("persona", list(WRITE))
def test_only_the_business_unit_writes_narrative_moves_sections_and_sends_for_sign_off(
    client, people, report, foreword, partners, persona
):
    client.force_login(people[persona])
    edit = client.post(
        reverse("assurance:section_edit", args=[foreword.pk]),
        {"title": "Foreword", "body": "Changed", "version": foreword.version},
    )
    move = client.post(reverse("assurance:section_move", args=[foreword.pk]), {"direction": "up"})
    add = client.post(
        reverse("assurance:section_add", args=[report.pk]), {"title": "New", "body": "x"}
    )
    assert (edit.status_code, move.status_code, add.status_code) == (WRITE[persona],) * 3
    send = client.post(reverse("assurance:send", args=[report.pk]), {"version": report.version})
    assert send.status_code == WRITE[persona]
    report.refresh_from_db()
    foreword.refresh_from_db()
    changed = WRITE[persona] == 302
    assert (foreword.body == "Changed") is changed
    assert (report.status == Report.Status.WITH_PARTNERS) is changed
    assert report.sections.filter(title="New").exists() is changed


EVALUATE = {
    PARTNER: 403,
    MEMBER: 404,
    EXECUTIVE: 403,
    SCRUTINEER: 302,
    BUSINESS_UNIT: 302,
    OUTSIDER: 404,
}


@pytest.mark.parametrize("persona", list(EVALUATE))
def test_the_scrutineer_records_their_evaluation(client, people, report, persona):
    client.force_login(people[persona])
    response = client.post(
        reverse("assurance:evaluation", args=[report.pk]),
        {"scrutiny_evaluation": "Effective", "version": report.version},
    )
    assert response.status_code == EVALUATE[persona]


@pytest.mark.parametrize("persona", [PARTNER, EXECUTIVE, SCRUTINEER, MEMBER, OUTSIDER])
def test_nobody_but_the_business_unit_publishes(client, people, with_partners, partners, persona):
    from tests.assurance.conftest import sign_by_all

    sign_by_all(with_partners, partners)
    client.force_login(people[persona])
    response = client.post(
        reverse("assurance:publish", args=[with_partners.pk]),
        {
            "published_on_day": "1",
            "published_on_month": "6",
            "published_on_year": "2026",
            "version": with_partners.version,
        },
    )
    assert response.status_code in (403, 404)
    with_partners.refresh_from_db()
    assert with_partners.status == Report.Status.SIGNED_OFF


def test_a_bad_publication_date_is_refused_naming_the_field(
    client, people, with_partners, partners
):
    from tests.assurance.conftest import sign_by_all

    sign_by_all(with_partners, partners)
    client.force_login(people[BUSINESS_UNIT])
    response = client.post(
        reverse("assurance:publish", args=[with_partners.pk]),
        {
            "published_on_day": "31",
            "published_on_month": "2",
            "published_on_year": "2026",
            "version": with_partners.version,
        },
    )
    assert response.status_code == 200
    assert "Publication date must be a real date" in response.content.decode()


@pytest.mark.parametrize("persona", [EXECUTIVE, SCRUTINEER, BUSINESS_UNIT])
def test_reading_a_report_writes_nothing(client, people, report, persona):
    """Its deadlines come from the partnership's report settings, or their defaults until
    the business unit sets them: reading a report used to save the defaults, in the name of
    whoever read it first (an executive member, who changes nothing)."""
    from kscp.assurance.models import ReportSettings

    client.force_login(people[persona])
    response = client.get(reverse("assurance:report", args=[report.pk]))
    assert response.status_code == 200
    assert not ReportSettings.objects.exists()
    assert not ReportSettings.history.exists()
    # The defaults are still what the page counts from.
    assert services.settings_for(report.partnership).publish_within_months == 3
