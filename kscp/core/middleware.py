"""Responses to signed-in people are never kept by a browser or a shared cache: case records,
attendance lists, CSVs and PDFs must not be readable from a browser's cache after sign-out.
A sign-in left idle ends: a laptop left open in a shared office does not stay signed in."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils.cache import add_never_cache_headers

SIGNED_OUT_IDLE = (
    "You were signed out because you did not use the service for {minutes}. Sign in again."
)
LAST_SEEN_KEY = "last_seen"
# How often the time of the last page is written to the session (not at every request).
LAST_SEEN_EVERY = 60


def record_sign_in(sender, request, user, **kwargs):
    """A sign-in counts as the first page seen (connected to `user_logged_in` in the app's
    `ready`), so the first page after it writes nothing more to the session."""
    session = getattr(request, "session", None)
    if session is not None:
        session[LAST_SEEN_KEY] = int(time.time())


class NoStoreForSignedInMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)  # no-cache, no-store, must-revalidate, private
        return response


def _minutes(count: int) -> str:
    if count % 60 == 0:
        hours = count // 60
        return f"{hours} hour" if hours == 1 else f"{hours} hours"
    return f"{count} minute" if count == 1 else f"{count} minutes"


class IdleSignOutMiddleware:
    """Signs a person out once `SESSION_IDLE_MINUTES` (60 by default) have passed since the
    last page they opened; the sign-in page then says why. The sign-in itself still ends
    after `SESSION_COOKIE_AGE` (8 hours) however busy they are."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            idle = settings.SESSION_IDLE_MINUTES
            last_seen = request.session.get(LAST_SEEN_KEY)
            if last_seen is not None and now - last_seen > idle * 60:
                logout(request)
                messages.info(request, SIGNED_OUT_IDLE.format(minutes=_minutes(idle)))
            elif last_seen is None or now - last_seen >= LAST_SEEN_EVERY:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)
