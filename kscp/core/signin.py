"""Signing in: Django's sign-in form in GOV.UK wording."""

from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

ENTER_USERNAME = "Enter your username"
ENTER_PASSWORD = "Enter your password"
NOT_RIGHT = "The username or password is not right"


class SignInForm(AuthenticationForm):
    """Django's sign-in form in GOV.UK wording; a wrong username or password is shown on the
    password field, so the error summary links to it."""

    error_messages = {**AuthenticationForm.error_messages, "invalid_login": NOT_RIGHT}

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].error_messages["required"] = ENTER_USERNAME
        self.fields["password"].error_messages["required"] = ENTER_PASSWORD

    def clean(self):
        try:
            return super().clean()
        except ValidationError as error:
            if error.code != "invalid_login":
                raise
            self.add_error("password", error)
        return self.cleaned_data
