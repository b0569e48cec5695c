"""People's own accounts: resetting a forgotten password by e-mail (Django's views, in
GOV.UK wording) and the e-mail a person gets when their account is created, with a link to
choose their password. Account mails always go, whatever the person's e-mail choices."""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse, reverse_lazy
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from kscp.core import mail
from kscp.core.fields import PASSWORD_MAX_LENGTH, limit_length
from kscp.core.formpages import FormPage
from kscp.core.models import User

ENTER_EMAIL = "Enter your e-mail address"
ENTER_VALID_EMAIL = "Enter an e-mail address in the correct format, like name@example.org"
ENTER_NEW_PASSWORD = "Enter a new password"
CONFIRM_NEW_PASSWORD = "Enter the new password again"
PASSWORDS_DIFFER = "The two passwords do not match: enter the same password twice"
PARTNERSHIP_FALLBACK = "safeguarding partnership"

RESET_PAGE = FormPage(
    title="Reset your password",
    caption="Your account",
    back_url=reverse_lazy("login"),
    back_label="Back to sign in",
    submit="Send the link",
    intro="Enter the e-mail address of your account. We will send you a link to choose a "
    "new password.",
)


def partnership_name(user: User) -> str:
    return user.partnership.name if user.partnership_id else PARTNERSHIP_FALLBACK


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Asks for the address; the mail goes to every active account with it (an account made
    without a password included, so that an expired set-password link can be renewed). The
    page says the same whether or not an account has the address."""

    email = forms.EmailField(
        label="E-mail address",
        max_length=254,
        error_messages={"required": ENTER_EMAIL, "invalid": ENTER_VALID_EMAIL},
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )

    def get_users(self, email):
        return User.objects.filter(email__iexact=email, is_active=True).select_related(
            "partnership"
        )

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        context = {**context, "partnership_name": partnership_name(context["user"])}
        mail.send(to=to_email, template="password_reset", context=context)


class PasswordOnlySaved:
    """A password form that saves the password alone: choosing or resetting one is not an
    edit of the person, so it claims no version (`User.bookkeeping_fields`) and leaves any
    change made since the form's copy of the person was read as it stands."""

    def save(self, commit=True):
        user = super().save(commit=False)
        if commit:
            user.save(update_fields=["password"])
        return user


class AdminPasswordChangeForm(PasswordOnlySaved, auth_forms.AdminPasswordChangeForm):
    """The admin's "set password" page for a person."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_length(self.fields["password1"], PASSWORD_MAX_LENGTH, "Password")
        limit_length(self.fields["password2"], PASSWORD_MAX_LENGTH, "Password confirmation")


class SetPasswordForm(PasswordOnlySaved, auth_forms.SetPasswordForm):
    error_messages = {"password_mismatch": PASSWORDS_DIFFER}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "New password"
        self.fields["new_password1"].error_messages["required"] = ENTER_NEW_PASSWORD
        self.fields[
            "new_password1"
        ].help_text = "At least 12 characters, not only numbers, and not a common password"
        self.fields["new_password2"].label = "Confirm new password"
        self.fields["new_password2"].error_messages["required"] = CONFIRM_NEW_PASSWORD
        self.fields["new_password2"].help_text = ""
        limit_length(self.fields["new_password1"], PASSWORD_MAX_LENGTH, "New password")
        limit_length(self.fields["new_password2"], PASSWORD_MAX_LENGTH, "Confirm new password")


def set_password_url(user: User) -> str:
    """A link, valid once for PASSWORD_RESET_TIMEOUT, to choose the account's password."""
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return mail.site_url(path)


def account_created_notify(*, user: User) -> bool:
    """E-mail a new person their username and a set-password link; False if they have no
    address to send it to."""
    if not user.email:
        return False
    mail.send(
        to=user.email,
        template="account_created",
        context={
            "user": user,
            "partnership_name": partnership_name(user),
            "set_password_url": set_password_url(user),
        },
    )
    return True
