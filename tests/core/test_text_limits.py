"""Every free text people type has a length limit, in the model and in its forms (issue 14,
item 5): the audit walks every model and every form of ours, so a new unbounded field
fails here; the fields no model bounds (passwords, search boxes) refuse an over-long text
with the field named."""

import importlib
import inspect
import pkgutil

import django_filters
import pytest
from django import forms
from django.apps import apps
from django.db import models
from django.urls import reverse

from kscp.core.fields import (
    DOCUMENT_MAX_LENGTH,
    PASSWORD_MAX_LENGTH,
    SEARCH_MAX_LENGTH,
    LimitedTextField,
    text_too_long,
)
from kscp.core.models import User

APPS = ("kscp", "plans", "reviews", "training", "rounds", "assurance")
# Text the service writes itself, never typed by anyone: an e-mail's body as sent, and a
# published report section's HTML, frozen from the records.
WRITTEN_BY_THE_SERVICE = {
    ("kscp", "OutgoingEmail", "body"),
    ("assurance", "Section", "frozen_html"),
}


def our_models():
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            if not model.__name__.startswith("Historical"):
                yield label, model


def test_every_text_field_of_every_model_has_a_limit_the_model_enforces():
    unbounded = []
    for label, model in our_models():
        for field in model._meta.get_fields():
            if not isinstance(field, models.CharField | models.TextField):
                continue
            if (label, model.__name__, field.name) in WRITTEN_BY_THE_SERVICE:
                continue
            bounded = field.max_length is not None and field.max_length <= DOCUMENT_MAX_LENGTH
            if isinstance(field, models.TextField):
                bounded = bounded and isinstance(field, LimitedTextField)
            if not bounded:
                unbounded.append(f"{model._meta.label}.{field.name}")
    assert unbounded == []


def our_form_classes():
    for package in ("kscp", "plans", "reviews", "training"):
        root = importlib.import_module(package)
        for info in pkgutil.walk_packages(root.__path__, f"{package}."):
            if ".migrations" in info.name or info.name.startswith("kscp.settings"):
                continue
            module = importlib.import_module(info.name)
            for obj in vars(module).values():
                if inspect.isclass(obj) and obj.__module__ == module.__name__:
                    if issubclass(obj, forms.BaseForm | django_filters.FilterSet):
                        yield obj


def test_every_text_field_of_every_form_and_filter_has_a_limit():
    forms_seen, unbounded = 0, []
    for form_class in our_form_classes():
        forms_seen += 1
        if issubclass(form_class, django_filters.FilterSet):
            fields = {name: f.field for name, f in form_class.base_filters.items()}
        elif form_class.__name__ == "SignInForm":
            fields = form_class().fields  # Django's auth forms set their fields up in __init__
        elif form_class.__name__ == "SetPasswordForm":
            fields = form_class(user=None).fields
        elif form_class.__name__ == "AdminPasswordChangeForm":
            fields = form_class(user=User()).fields
        else:
            fields = form_class.base_fields
        for name, field in fields.items():
            if isinstance(field, forms.CharField) and (
                field.max_length is None or field.max_length > DOCUMENT_MAX_LENGTH
            ):
                unbounded.append(f"{form_class.__module__}.{form_class.__name__}.{name}")
    assert forms_seen > 30
    assert unbounded == []


@pytest.mark.django_db
def test_a_sign_in_with_an_overlong_password_is_refused_with_the_field_named(client, lead):
    response = client.post(
        reverse("login"), {"username": lead.username, "password": "x" * (PASSWORD_MAX_LENGTH + 1)}
    )
    assert response.status_code == 200
    assert text_too_long("Password", PASSWORD_MAX_LENGTH) in response.content.decode()


@pytest.mark.django_db
def test_a_search_longer_than_its_limit_is_refused_with_the_field_named(client, lead, plan):
    client.force_login(lead)
    response = client.get(reverse("plans:plan", args=[plan.pk]), {"q": "x" * 201})
    assert response.status_code == 200
    assert text_too_long("Search", SEARCH_MAX_LENGTH) in response.content.decode()
