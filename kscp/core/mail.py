"""E-mail sending: every mail has a plain-text and an HTML body, both from templates
(`templates/email/<name>.txt`, `.html`, and `<name>_subject.txt`), in plain GOV.UK style with
the partnership's name, and nothing that reports back (no images, no tracking links). How mail
leaves (SMTP, GOV.UK Notify, a folder in the demo) is the settings' business (EMAIL_URL)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def site_url(path: str) -> str:
    """An absolute link to `path` of the service, for mails sent without a request."""
    return f"{settings.SITE_URL}{path}"


def compose(*, to: str, template: str, context: dict) -> EmailMultiAlternatives:
    """The mail `template` for the address `to`, rendered with `context`."""
    context = {"site_url": settings.SITE_URL, **context}
    subject = " ".join(render_to_string(f"email/{template}_subject.txt", context).split())
    text = render_to_string(f"email/{template}.txt", context)
    html = render_to_string(f"email/{template}.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to])
    message.attach_alternative(html, "text/html")
    return message


def send(*, to: str, template: str, context: dict) -> None:
    """Compose and send one mail now; a failure raises (the caller records it)."""
    compose(to=to, template=template, context=context).send(fail_silently=False)
