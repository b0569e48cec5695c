"""How mail leaves, as a fresh process reads the settings from its environment: EMAIL_URL
(SMTP in production, console: by default), GOV.UK Notify with its API key and template, the
demo's folder, the tests' in-memory outbox; and the reminder days of update rounds. A bad
value stops the process, naming the variable, rather than sending mail somewhere else."""

import json
import os
import subprocess
import sys

from django.conf import settings

READ = (
    "import json; from django.conf import settings as s; print(json.dumps({k: str(getattr(s, k, "
    "'')) for k in ['EMAIL_BACKEND', 'EMAIL_HOST', 'EMAIL_PORT', 'EMAIL_USE_TLS', "
    "'EMAIL_HOST_USER', 'EMAIL_FILE_PATH', 'ROUND_REMINDER_WORKING_DAYS']}))"
)
MAIL_VARIABLES = (
    "EMAIL_URL",
    "GOVUK_NOTIFY_API_KEY",
    "GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID",
    "ROUND_REMINDER_WORKING_DAYS",
    "DATABASE_URL",
)


def read_settings(module="kscp.settings.base", **variables) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in MAIL_VARIABLES}
    env.update(variables, DJANGO_SETTINGS_MODULE=module)
    return subprocess.run(
        [sys.executable, "-c", READ], env=env, capture_output=True, text=True, timeout=60
    )


def mail_settings(module="kscp.settings.base", **variables) -> dict:
    done = read_settings(module, **variables)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def refusal(**variables) -> str:
    done = read_settings(**variables)
    assert done.returncode != 0
    return done.stderr.strip().splitlines()[-1]


def test_without_email_url_mails_are_printed():
    assert mail_settings()["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"


def test_email_url_sets_the_smtp_server():
    found = mail_settings(EMAIL_URL="smtp://kscp:secret@smtp.example.org:587/?tls=True")
    assert found["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (found["EMAIL_HOST"], found["EMAIL_PORT"], found["EMAIL_USE_TLS"]) == (
        "smtp.example.org",
        "587",
        "True",
    )
    assert found["EMAIL_HOST_USER"] == "kscp"


def test_an_email_url_of_no_known_kind_is_refused():
    for url in ("nonsense", "smtpx://smtp.example.org", "smtp://smtp.example.org:port"):
        assert "EMAIL_URL is not an e-mail URL" in refusal(EMAIL_URL=url)


def test_gov_uk_notify_is_used_with_its_api_key_and_template():
    found = mail_settings(
        GOVUK_NOTIFY_API_KEY="test-key", GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID="a-template-id"
    )
    assert found["EMAIL_BACKEND"] == "django_gov_notify.backends.NotifyEmailBackend"
    assert "GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID must be set" in refusal(
        GOVUK_NOTIFY_API_KEY="test-key"
    )


def test_the_demo_writes_mails_to_its_folder_and_the_tests_keep_them_in_memory():
    found = mail_settings("kscp.settings.demo")
    assert found["EMAIL_BACKEND"] == "django.core.mail.backends.filebased.EmailBackend"
    assert found["EMAIL_FILE_PATH"].endswith(os.path.join("tmp", "mail"))
    assert settings.EMAIL_BACKEND == "django.core.mail.backends.locmem.EmailBackend"


def test_the_reminder_days_come_from_the_environment():
    assert mail_settings()["ROUND_REMINDER_WORKING_DAYS"] == "[5, 1]"
    assert (
        mail_settings(ROUND_REMINDER_WORKING_DAYS="10, 3,1")["ROUND_REMINDER_WORKING_DAYS"]
        == "[10, 3, 1]"
    )


def test_a_reminder_day_that_is_not_a_whole_number_is_refused():
    assert "ROUND_REMINDER_WORKING_DAYS must be whole numbers" in refusal(
        ROUND_REMINDER_WORKING_DAYS="5,one"
    )
