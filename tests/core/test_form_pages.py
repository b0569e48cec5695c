"""The one form page of the case-review and training records (kscp.core.formpages): the page
around the form, the error summary that names each wrong field, the success message on the
page a save leads to, and a service's refusal shown on the form instead of a server error."""

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.exceptions import ValidationError
from django.urls import reverse

from kscp.core.formpages import FormPage, form_page, posted, refusal_on, saved
from kscp.core.modelforms import PartnershipModelForm
from kscp.core.models import Agency
from reviews import services as reviews_services
from reviews.models import Notification
from tests.reviews.test_notification_forms import notification_data
from tests.training.test_course_forms import course_data
from training import services as training_services
from training.models import Course

pytestmark = pytest.mark.django_db

NAME_REQUIRED = "Enter the name of the agency"
NAME_TAKEN = "An agency of that name is already recorded"
PAGE = FormPage(
    title="Add an agency",
    caption="Agencies",
    back_url="/agencies/",
    back_label="Back to the agencies",
    submit="Save the agency",
)


class AgencyForm(PartnershipModelForm):
    class Meta:
        model = Agency
        fields = ["name"]
        error_messages = {"name": {"required": NAME_REQUIRED}}


@pytest.fixture
def web_request(rf, business_unit):
    """A request with what the page's layout and messages need: a user and a session."""

    def make(data=None):
        request = rf.post("/agencies/add/", data) if data is not None else rf.get("/agencies/")
        SessionMiddleware(lambda request: None).process_request(request)
        request._messages = FallbackStorage(request)
        request.user = business_unit
        return request

    return make


def test_a_form_page_shows_its_heading_back_link_button_and_cancel_link(web_request):
    request = web_request()
    html = form_page(request, AgencyForm(posted(request)), PAGE).content.decode()
    assert "<title>Add an agency – Agencies" in html
    assert '<span class="govuk-caption-l">Agencies</span>' in html
    assert '<a href="/agencies/" class="govuk-back-link">Back to the agencies</a>' in html
    assert ">Save the agency</button>" in html
    assert '<a class="govuk-link" href="/agencies/">Cancel</a>' in html
    assert "govuk-error-summary" not in html


def test_an_empty_form_page_is_not_bound_and_a_posted_one_is(web_request):
    assert posted(web_request()) is None
    assert posted(web_request({"name": "Northdale Council"}))["name"] == "Northdale Council"


def test_the_error_summary_of_a_form_page_links_each_wrong_field(web_request):
    request = web_request({"name": ""})
    form = AgencyForm(posted(request))
    assert not form.is_valid()
    html = form_page(request, form, PAGE).content.decode()
    assert "<title>Error: Add an agency" in html
    assert "There is a problem" in html
    assert f'<a href="#id_name">{NAME_REQUIRED}</a>' in html


def test_a_refusal_of_the_service_shows_on_the_field_it_names(web_request):
    form = AgencyForm(posted(web_request({"name": "Northdale Council"})))
    assert form.is_valid()
    with refusal_on(form):
        raise ValidationError({"name": NAME_TAKEN})
    assert form.errors == {"name": [NAME_TAKEN]}


def test_a_refusal_of_no_field_of_the_form_shows_above_it(web_request):
    form = AgencyForm(posted(web_request({"name": "Northdale Council"})))
    assert form.is_valid()
    with refusal_on(form):
        raise ValidationError({"partnership": "Not yours", "__all__": "Not now"})
    assert form.non_field_errors() == ["Not yours", "Not now"]


def test_a_save_that_fails_for_another_reason_is_not_hidden_as_a_refusal(web_request):
    form = AgencyForm(posted(web_request({"name": "Northdale Council"})))
    form.is_valid()
    with pytest.raises(RuntimeError), refusal_on(form):
        raise RuntimeError("database down")


def test_a_save_says_so_on_the_page_it_leads_to(web_request):
    request = web_request({"name": "Northdale Council"})
    response = saved(request, "Northdale Council has been added", "/agencies/1/")
    assert (response.status_code, response["Location"]) == (302, "/agencies/1/")
    assert [str(message) for message in get_messages(request)] == [
        "Northdale Council has been added"
    ]


def test_a_change_page_names_what_it_changes_in_its_heading_and_back_link():
    page = FormPage.change("the course Safer sleep", caption="Classroom", back_url="/c/1/")
    assert (page.title, page.back_label, page.submit) == (
        "Change the course Safer sleep",
        "Back to the course Safer sleep",
        "Save changes",
    )
    assert (page.caption, page.back_url) == ("Classroom", "/c/1/")


def test_a_refused_notification_shows_the_refusal_on_its_form_and_saves_nothing(
    client, business_unit, partnership, monkeypatch
):
    def refuse(**fields):
        raise ValidationError({"reference": "Refused by the service"})

    monkeypatch.setattr(reviews_services, "notification_create", refuse)
    client.force_login(business_unit)
    response = client.post(reverse("reviews:notification_add"), notification_data(partnership))
    assert response.status_code == 200
    assert response.context["form"].errors == {"reference": ["Refused by the service"]}
    assert '<a href="#id_reference">Refused by the service</a>' in response.content.decode()
    assert not Notification.objects.exists()


def test_a_refused_course_shows_the_refusal_above_its_form_and_saves_nothing(
    client, business_unit, monkeypatch
):
    def refuse(**fields):
        raise ValidationError("Refused by the service")

    monkeypatch.setattr(training_services, "course_create", refuse)
    client.force_login(business_unit)
    response = client.post(reverse("training:course_add"), course_data())
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["Refused by the service"]
    assert "<li>Refused by the service</li>" in response.content.decode()
    assert not Course.objects.exists()
