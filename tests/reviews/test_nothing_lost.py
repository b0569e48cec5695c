"""Nothing lost on the case record pages: a change saved from a page opened before someone
else's save is refused, their change stays and is shown, and a second save knowingly
replaces it."""

import pytest

from kscp.core.models import User
from kscp.core.records import record_save
from tests.helpers import assert_refused_as_stale, make_person
from tests.reviews.case_posts import WRITES

pytestmark = pytest.mark.django_db

# The edit page, the record it changes, and the colleague's change saved meanwhile.
MEANWHILE = [
    ("reviews:notification_edit", "notification", "summary", "Revised by a colleague."),
    ("reviews:rapid_review_edit", "rapid_review", "rationale", "Revised by a colleague."),
    ("reviews:review_edit", "review", "summary", "Written by a colleague."),
    ("reviews:learning_edit", "learning_point", "text", "Revised by a colleague."),
    ("reviews:dissemination_edit", "dissemination", "audience", "Revised by a colleague."),
]


@pytest.fixture
def colleague(partnership):
    return make_person("cara_colleague", partnership, role=User.Role.BUSINESS_UNIT)


@pytest.mark.parametrize(("name", "target", "field", "value"), MEANWHILE)
def test_a_change_from_a_page_opened_before_a_colleagues_save_is_refused_and_then_replaces_it(
    client, case_records, colleague, name, target, field, value
):
    r = case_records
    write = WRITES[name]
    client.force_login(r["business_unit"])
    url = write.url(name, r)
    opened = write.data(r)  # the page as opened: at the record's version then
    model = type(r[target])
    record_save(model.objects.get(pk=r[target].pk), user=colleague, fields={field: value})

    response = client.post(url, opened)
    assert_refused_as_stale(response, who=colleague, noun=model._meta.verbose_name)
    assert value in response.content.decode()  # their change, shown
    assert getattr(model.objects.get(pk=r[target].pk), field) == value
    assert not write.saved(r)

    again = client.post(url, response.context["form"].data)
    assert again.status_code == 302
    assert write.saved(r)
