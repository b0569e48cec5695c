"""Groups that no longer meet are hidden from the groups page and the dashboard's filter
unless asked for (issue 14, item 18)."""

import pytest
from django.urls import reverse

from kscp.core.models import Group

pytestmark = pytest.mark.django_db


@pytest.fixture
def workstream(partnership):
    return Group.objects.create(
        partnership=partnership,
        name="Communication Workstream",
        kind=Group.Kind.SUB_GROUP,
        is_active=False,
    )


def test_a_group_meets_until_marked_otherwise(group):
    assert group.is_active


def test_the_groups_page_hides_groups_that_no_longer_meet(client, member, group, workstream):
    client.force_login(member)
    content = client.get(reverse("groups")).content.decode()
    assert group.name in content
    assert workstream.name not in content
    assert "Show groups that no longer meet (1)" in content


def test_the_groups_page_shows_them_when_asked(client, member, group, workstream):
    client.force_login(member)
    response = client.get(reverse("groups"), {"no_longer_meet": "1"})
    content = response.content.decode()
    assert 'id="no-longer-meet">Groups that no longer meet</h2>' in content
    assert workstream.name in content
    assert group.name in content
    assert "Hide groups that no longer meet" in content


def test_a_group_that_no_longer_meets_says_so_on_its_page(client, member, workstream):
    client.force_login(member)
    content = client.get(reverse("group", args=[workstream.pk])).content.decode()
    assert "No longer meets" in content


def test_the_dashboard_filter_leaves_them_out_unless_asked(client, executive, group, workstream):
    client.force_login(executive)
    response = client.get(reverse("dashboard"))
    assert response.context["groups"] == [group]
    assert f'value="{workstream.pk}"' not in response.content.decode()
    shown = client.get(reverse("dashboard"), {"no_longer_meet": "1"})
    assert f'value="{workstream.pk}"' in shown.content.decode()
    assert '<optgroup label="No longer meet">' in shown.content.decode()


def test_a_group_that_no_longer_meets_can_still_be_chosen_by_a_link(client, executive, workstream):
    client.force_login(executive)
    response = client.get(reverse("dashboard"), {"group": workstream.pk})
    assert response.context["chosen_group"] == workstream
    assert f'<option value="{workstream.pk}" selected>' in response.content.decode()


def test_the_admin_marks_a_group_as_no_longer_meeting(client, business_unit, group):
    client.force_login(business_unit)
    response = client.get(reverse("admin:kscp_group_changelist"), {"is_active__exact": "0"})
    assert response.status_code == 200
    assert (
        'name="is_active"'
        in client.get(reverse("admin:kscp_group_change", args=[group.pk])).content.decode()
    )
