"""Signing in: the form in GOV.UK wording, and the throttling of failed sign-ins.

Failures are counted per username (from any address, so also from one address) and, with a
higher limit, per address whatever the usernames, because councils, police and NHS staff
share outgoing addresses: one person's typos lock their own username, not their colleagues'.
A successful sign-in clears that username's failures only, never the address's, so signing in
as a second account cannot reset the count of guesses against the first.

django-axes counts the username rule itself (`AXES_LOCKOUT_PARAMETERS = ["username"]`,
`AXES_FAILURE_LIMIT`); it allows one limit only, so the address rule, with its own limit
(`SIGN_IN_ADDRESS_FAILURE_LIMIT`), is added by `SignInThrottle` over the same records.
"""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off, get_credentials, get_failure_limit
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.shortcuts import render

from kscp.core.fields import PASSWORD_MAX_LENGTH, limit_length
from kscp.core.forms import name_field_errors

ENTER_USERNAME = "Enter your username"
ENTER_PASSWORD = "Enter your password"
NOT_RIGHT = "The username or password is not right"
TRIES_LEFT_BEFORE_USERNAME_LOCK = (
    "You can try {tries} more {times} before the username {username} is locked for {minutes}"
)
TRIES_LEFT_BEFORE_ADDRESS_LOCK = (
    "You can try {tries} more {times} before every sign-in from this internet address is "
    "locked for {minutes}"
)
# The sign-in page counts down the tries left once this few remain.
WARN_WHEN_TRIES_LEFT = 3


def lock_time() -> str:
    minutes = int(get_cool_off().total_seconds() // 60)
    return f"{minutes} minute{'' if minutes == 1 else 's'}"


def _address_failures(request) -> int:
    attempts = AccessAttempt.objects.filter(
        ip_address=request.axes_ip_address,
        attempt_time__gte=get_cool_off_threshold(request),
    )
    return attempts.aggregate(failures=Sum("failures_since_start"))["failures"] or 0


def _tries_left(request, username) -> tuple[int, int]:
    """Tries left before the username is locked, and before the address is."""
    credentials = get_credentials(username)
    by_username = get_failure_limit(request, credentials) - SignInThrottle().get_failures(
        request, credentials
    )
    by_address = settings.SIGN_IN_ADDRESS_FAILURE_LIMIT - _address_failures(request)
    return by_username, by_address


class SignInThrottle(AxesDatabaseHandler):
    """django-axes' database handler with the address rule added to the username rule."""

    def is_locked(self, request, credentials=None) -> bool:
        return super().is_locked(request, credentials) or (
            settings.SIGN_IN_ADDRESS_FAILURE_LIMIT <= _address_failures(request)
        )

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is None or request.axes_locked_out:
            return
        if settings.SIGN_IN_ADDRESS_FAILURE_LIMIT <= _address_failures(request):
            request.axes_locked_out = True
            request.axes_credentials = credentials
            user_locked_out.send(
                "axes",
                request=request,
                username=get_client_username(request, credentials),
                ip_address=request.axes_ip_address,
            )


def lockout_response(request, original_response=None, credentials=None):
    """The page shown instead of the sign-in page while locked (AXES_LOCKOUT_CALLABLE)."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    by_username, by_address = _tries_left(request, username)
    context = {
        "username": username,
        "username_locked": by_username <= 0,
        "address_locked": by_address <= 0,
        "lock_time": lock_time(),
    }
    return render(
        request,
        "registration/locked_out.html",
        context,
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


class SignInForm(AuthenticationForm):
    """Django's sign-in form in GOV.UK wording; a wrong username or password is shown on the
    password field, so the error summary links to it, with the tries left once few remain."""

    error_messages = {**AuthenticationForm.error_messages, "invalid_login": NOT_RIGHT}

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        name_field_errors(self)
        self.fields["username"].error_messages["required"] = ENTER_USERNAME
        self.fields["password"].error_messages["required"] = ENTER_PASSWORD
        limit_length(self.fields["password"], PASSWORD_MAX_LENGTH, "Password")
        self.tries_left_warning = ""

    def clean(self):
        try:
            return super().clean()
        except ValidationError as error:
            if error.code != "invalid_login":
                raise
            self.add_error("password", error)
        self.tries_left_warning = self._tries_left_warning(self.cleaned_data.get("username"))
        return self.cleaned_data

    def _tries_left_warning(self, username) -> str:
        if self.request is None or not hasattr(self.request, "axes_ip_address"):
            return ""
        by_username, by_address = _tries_left(self.request, username)
        tries = min(by_username, by_address)
        if not 0 < tries <= WARN_WHEN_TRIES_LEFT:
            return ""
        message = (
            TRIES_LEFT_BEFORE_ADDRESS_LOCK
            if by_address < by_username
            else TRIES_LEFT_BEFORE_USERNAME_LOCK
        )
        return message.format(
            tries=tries,
            times="time" if tries == 1 else "times",
            username=username,
            minutes=lock_time(),
        )
