"""Settings shared by every environment. Values come from the environment through helpers
that fail loudly on a bad value; `DATABASE_URL` chooses PostgreSQL, SQLite otherwise."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
import dj_email_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def envbool(name: str, default: str) -> bool:
    value = os.environ.get(name, default).strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), not {value!r}")


def envint(name: str, default: str) -> int:
    value = os.environ.get(name, default)
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from exc


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def envints(name: str, default: str) -> list[int]:
    values = envlist(name, default)
    if not all(value.isdigit() for value in values):
        raise ImproperlyConfigured(
            f"{name} must be whole numbers separated by commas, not {os.environ.get(name)!r}"
        )
    return [int(value) for value in values]


DEBUG = envbool("DEBUG", "false")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

# Demo mode gives the demo users a known password; nowhere else do passwords come from code.
DEMO_MODE = envbool("DEMO_MODE", "false")
DEMO_PASSWORD = "demo-password" if DEMO_MODE else None

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_filters",
    "simple_history",
    "axes",
    "csp",
    "kscp.core",
    "plans",
    "reviews",
    "training",
    "kscp.rounds",
    "kscp.assurance",
    "kscp.overview",
    "kscp.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "kscp.core.middleware.NoStoreForSignedInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "kscp.core.middleware.IdleSignOutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

# The browser features no page of the service uses, switched off for every page.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "usb",
        "xr-spatial-tracking",
    )
}

ROOT_URLCONF = "kscp.urls"
WSGI_APPLICATION = "kscp.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "kscp.overview.navigation.service_navigation",
            ],
        },
    },
]
FORM_RENDERER = "kscp.core.forms.GovukFormRenderer"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("DB_CONN_MAX_AGE", "60"),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "kscp.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Failed sign-ins are throttled (kscp/core/signin.py): ten failures for one username lock that
# username, fifty from one address whatever the usernames (password spraying) lock the
# address, for 15 minutes. A success clears that username's failures only.
AXES_HANDLER = "kscp.core.signin.SignInThrottle"
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", "10")
SIGN_IN_ADDRESS_FAILURE_LIMIT = envint("SIGN_IN_ADDRESS_FAILURE_LIMIT", "50")
AXES_COOLOFF_TIME = timedelta(minutes=15)
# Per username, and per username from one address (the two rules; the second never
# trips before the first at the same limit, but names the address in the lock). The address
# alone has its own, higher limit (SignInThrottle), so one office's typos lock no colleague.
AXES_LOCKOUT_PARAMETERS = ["username", ["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "kscp.core.signin.lockout_response"
AXES_RESET_ON_SUCCESS = True

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
# Files people upload (the yearly report's images) and stored PDFs, through the default
# storage: this folder by default; an object store (django-storages) in production.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "media/"  # never served as such: each file through a view that checks access
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "kscp.core.storage.StaticFilesStorage"},
}

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 8  # signed out 8 hours after signing in, whatever happens
# ...and after this many minutes without a page being opened (kscp.core.middleware).
SESSION_IDLE_MINUTES = envint("SESSION_IDLE_MINUTES", "60")
if not 1 <= SESSION_IDLE_MINUTES <= SESSION_COOKIE_AGE // 60:
    raise ImproperlyConfigured(
        f"SESSION_IDLE_MINUTES must be from 1 to {SESSION_COOKIE_AGE // 60} (the 8 hours a "
        f"sign-in lasts), not {SESSION_IDLE_MINUTES}"
    )
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
SIMPLE_HISTORY_REVERT_DISABLED = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # WeasyPrint logs every layout step at INFO, and CSS it ignores at WARNING.
        "weasyprint": {"level": "ERROR"},
        "weasyprint.progress": {"level": "ERROR"},
        "fontTools": {"level": "WARNING"},
    },
}

# Items due within this many days are "due soon" on a lead's home page.
DUE_SOON_DAYS = 60
# Objectives not updated for longer than this are "stale" on dashboards.
STALE_AFTER_DAYS = 90
# The dashboard each person last saw is kept in the cache (Django's CACHES: each process's
# memory unless set) for at most this many seconds, and never once a record has changed
# (kscp.core.freshness) or the day has turned.
DASHBOARD_CACHE_SECONDS = envint("DASHBOARD_CACHE_SECONDS", "600")
# Attendees' names and e-mails are removed from attendance records older than this many
# years (manage.py anonymise_attendance); agencies and counts are kept.
ATTENDANCE_RETENTION_YEARS = envint("ATTENDANCE_RETENTION_YEARS", "3")
# Imports of booking-system exports and e-learning counts larger than this are refused
# before they are read.
TRAINING_IMPORT_MAX_BYTES = envint("TRAINING_IMPORT_MAX_BYTES", str(5 * 1024 * 1024))
# And plans imported from a Word document, a workbook or a CSV file.
PLAN_IMPORT_MAX_BYTES = envint("PLAN_IMPORT_MAX_BYTES", str(5 * 1024 * 1024))
# Images of the yearly report's narrative sections (PNG or JPEG) larger than this are refused.
REPORT_IMAGE_MAX_BYTES = envint("REPORT_IMAGE_MAX_BYTES", str(2 * 1024 * 1024))

# E-mail. GOV.UK Notify when GOVUK_NOTIFY_API_KEY is set (django-gov-notify: a Notify
# template with ((subject)) and ((body)), whose id is GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID);
# otherwise EMAIL_URL, for example smtp://user:password@smtp.example.org:587/?tls=True
# (dj-email-url), or console: to print mails. The demo writes them to tmp/mail/.
GOVUK_NOTIFY_API_KEY = os.environ.get("GOVUK_NOTIFY_API_KEY", "")
GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID = os.environ.get("GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID", "")
if GOVUK_NOTIFY_API_KEY:
    if not GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID:
        raise ImproperlyConfigured(
            "GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID must be set with GOVUK_NOTIFY_API_KEY"
        )
    EMAIL_BACKEND = "django_gov_notify.backends.NotifyEmailBackend"
else:
    try:
        _email = dj_email_url.parse(os.environ.get("EMAIL_URL", "console:"))
    except Exception as exc:  # dj-email-url raises plain exceptions on a bad URL
        raise ImproperlyConfigured(f"EMAIL_URL is not an e-mail URL: {exc}") from exc
    if "EMAIL_BACKEND" not in _email:  # an unknown scheme would fall back to SMTP on localhost
        raise ImproperlyConfigured(
            f"EMAIL_URL is not an e-mail URL: it must start with one of "
            f"{', '.join(f'{scheme}:' for scheme in dj_email_url.SCHEMES)}"
        )
    globals().update({key: value for key, value in _email.items() if value not in (None, "")})
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "no-reply@localhost")
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", "30")
# The address of the service, for the links in e-mails sent by scheduled commands.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3  # a set-password link lasts three days
# Update rounds: owners with outstanding items are reminded this many working days before
# the deadline (comma-separated); escalations go on the first working day after it.
ROUND_REMINDER_WORKING_DAYS = envints("ROUND_REMINDER_WORKING_DAYS", "5,1")
# The business unit is e-mailed when a case-review clock is this many working days away.
CASE_CLOCK_WARNING_WORKING_DAYS = envint("CASE_CLOCK_WARNING_WORKING_DAYS", "2")
