"""Set-up screens for the business unit: every list and form is limited to the signed-in
person's partnership, and every change is kept in history (the History button)."""

from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin

from kscp.core import accounts, policy
from kscp.core.forms import sensible_date_checked
from kscp.core.models import Agency, Group, Membership, Partnership, User
from kscp.core.versioning import Versioned, version_checked

ACCOUNT_MAIL_SENT = "{person} has been e-mailed at {email} with a link to choose a password"
ACCOUNT_MAIL_FAILED = "The account of {person} was saved, but the e-mail to them failed: {error}"

admin.site.site_header = "Partnership set-up"
admin.site.site_title = "Partnership set-up"
admin.site.index_title = "Set up the partnership"


def _partnership_fields(model) -> dict:
    """For each related model that hangs from a partnership, the lookup to its partnership."""
    paths = {}
    for field in model._meta.get_fields():
        related = getattr(field, "related_model", None)
        if related is None or not (field.many_to_one or field.many_to_many):
            continue
        path = partnership_path(related)
        if path is not None:
            paths[field.name] = path
    return paths


def partnership_path(model) -> str | None:
    if model is Partnership:
        return "pk"
    return getattr(model, "partnership_path", None) or (
        "partnership" if any(f.name == "partnership" for f in model._meta.fields) else None
    )


def _versioned(model) -> bool:
    return issubclass(model, Versioned)


def _with_seen_version(fields, model) -> list:
    """The form's fields, with the hidden version the editor opened, for a versioned record:
    without it in the fields the admin would not render it."""
    fields = list(fields)
    if _versioned(model) and "seen_version" not in fields:
        fields.append("seen_version")
    return fields


def _sensible_dates(db_field, formfield):
    """A date typed in the admin is refused outside the sensible dates, as on every page."""
    if formfield is not None and type(db_field) is models.DateField:
        sensible_date_checked(formfield)
    return formfield


def may_set_up(user: User) -> bool:
    """Service administrators, and the business unit of a partnership for its own records."""
    return user.is_superuser or (user.is_active and policy.can_manage(user, user.partnership_id))


class PartnershipScopedAdmin(SimpleHistoryAdmin):
    """Admin for records of one partnership: the business unit of that partnership sees and
    changes only its own; superusers see all."""

    partnership_lookup = "partnership"

    def has_module_permission(self, request):
        return may_set_up(request.user)

    def _owns(self, request, obj) -> bool:
        """No object, or an object of the user's partnership (superusers: any)."""
        if obj is None or request.user.is_superuser:
            return True
        return self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request) and self._owns(request, obj)

    def has_add_permission(self, request, obj=None):
        return self.has_module_permission(request)

    has_change_permission = has_view_permission
    has_delete_permission = has_view_permission

    def history_view(self, request, object_id, extra_context=None):
        # simple-history's views do not go through get_queryset: scope them here.
        if not self.get_queryset(request).filter(pk=object_id).exists():
            raise Http404
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """A past version may be looked at, never saved back (reverting is disabled)."""
        if request.method != "GET" or not self.get_queryset(request).filter(pk=object_id).exists():
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{self.partnership_lookup: request.user.partnership_id})

    def get_exclude(self, request, obj=None):
        exclude = list(super().get_exclude(request, obj) or [])
        if not request.user.is_superuser and self.partnership_lookup == "partnership":
            exclude.append("partnership")
        return exclude

    def get_fields(self, request, obj=None):
        return _with_seen_version(super().get_fields(request, obj), self.model)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not _versioned(self.model) or "seen_version" in flatten_fieldsets(fieldsets):
            return fieldsets
        (name, options), *others = fieldsets
        return [(name, {**options, "fields": [*options["fields"], "seen_version"]}), *others]

    def get_form(self, request, obj=None, **kwargs):
        """A versioned record's form refuses a save from a stale page."""
        if _versioned(self.model):
            # An admin with its own form for adding (a person's) keeps it for adding.
            base = getattr(self, "add_form", None) if obj is None else None
            kwargs.setdefault("form", version_checked(base or self.form))
        form = super().get_form(request, obj, **kwargs)
        if request.user.is_superuser or self.partnership_lookup != "partnership":
            return form
        partnership_id = request.user.partnership_id

        class PartnershipForm(form):
            """Sets the partnership before validation, so the model's own checks
            (an agency of the same partnership, say) see it."""

            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.instance.partnership_id = partnership_id

        return PartnershipForm

    def _limit(self, db_field, request, kwargs):
        if request.user.is_superuser:
            return kwargs
        path = partnership_path(db_field.related_model)
        if path == "pk":
            kwargs["queryset"] = Partnership.objects.filter(pk=request.user.partnership_id)
        elif path:
            kwargs["queryset"] = db_field.related_model._default_manager.filter(
                **{path: request.user.partnership_id}
            )
        return kwargs

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return super().formfield_for_foreignkey(
            db_field, request, **self._limit(db_field, request, kwargs)
        )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return _sensible_dates(db_field, super().formfield_for_dbfield(db_field, request, **kwargs))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return super().formfield_for_manytomany(
            db_field, request, **self._limit(db_field, request, kwargs)
        )


class ScopedInline(admin.TabularInline):
    """An inline of a partnership's records: choices limited to the partnership, and each
    form of a versioned record version-checked like the page it sits on."""

    def get_fields(self, request, obj=None):
        return _with_seen_version(super().get_fields(request, obj), self.model)

    def get_formset(self, request, obj=None, **kwargs):
        if _versioned(self.model):
            kwargs.setdefault("form", version_checked(self.form))
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return _sensible_dates(db_field, super().formfield_for_dbfield(db_field, request, **kwargs))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not request.user.is_superuser:
            path = partnership_path(db_field.related_model)
            if path and path != "pk":
                kwargs["queryset"] = db_field.related_model._default_manager.filter(
                    **{path: request.user.partnership_id}
                )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_view_permission(self, request, obj=None):
        return may_set_up(request.user)

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


@admin.register(Partnership)
class PartnershipAdmin(PartnershipScopedAdmin):
    partnership_lookup = "pk"
    list_display = ["name", "short_name", "cspr_publication_months"]

    def has_add_permission(self, request, obj=None):
        return request.user.is_superuser

    has_delete_permission = has_add_permission


@admin.register(Agency)
class AgencyAdmin(PartnershipScopedAdmin):
    list_display = ["name", "sector", "is_statutory_partner"]
    list_filter = ["sector", "is_statutory_partner"]
    search_fields = ["name"]


class MembershipInline(ScopedInline):
    model = Membership
    extra = 1
    fields = ["person", "role", "represents"]


@admin.register(Group)
class GroupAdmin(PartnershipScopedAdmin):
    list_display = ["name", "kind", "parent", "chair", "meeting_frequency", "is_active"]
    list_filter = ["kind", "is_active", "reviews_cases", "manages_training"]
    search_fields = ["name", "short_name"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(PartnershipScopedAdmin):
    partnership_lookup = "group__partnership"
    list_display = ["person", "group", "role"]
    list_filter = ["role", ("group", admin.RelatedOnlyFieldListFilter)]


# A username is one across the service. Taken in the business unit's own partnership, the
# message names who has it; taken elsewhere, it says no more than that it cannot be used, so
# that nobody learns the usernames of another partnership.
USERNAME_TAKEN_HERE = "{name} already has this username: choose another"
USERNAME_UNAVAILABLE = (
    "This username cannot be used: choose another, for example one with your partnership's "
    "short name in it"
)


def username_checked(form):
    class UsernameCheckedForm(form):
        def clean_username(self):
            username = self.cleaned_data.get("username")
            taken = (
                User.objects.filter(username__iexact=username).exclude(pk=self.instance.pk).first()
                if username
                else None
            )
            if taken is None:
                return username
            if taken.partnership_id and taken.partnership_id == self.instance.partnership_id:
                name = taken.get_full_name() or "Someone of your partnership"
                raise ValidationError(USERNAME_TAKEN_HERE.format(name=name), code="unique")
            raise ValidationError(USERNAME_UNAVAILABLE, code="unique")

    return UsernameCheckedForm


@admin.register(User)
class PersonAdmin(PartnershipScopedAdmin, UserAdmin):
    list_display = ["username", "first_name", "last_name", "agency", "role", "is_active"]
    list_filter = ["role", "is_active"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (
            "Person",
            {"fields": ["first_name", "last_name", "aliases", "email", "job_title", "agency"]},
        ),
        ("Partnership", {"fields": ["partnership", "role", "is_active"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["username", "usable_password", "password1", "password2"]}),
        ("Person", {"fields": ["first_name", "last_name", "email", "job_title", "agency", "role"]}),
    ]
    change_password_form = accounts.AdminPasswordChangeForm

    def get_form(self, request, obj=None, **kwargs):
        return username_checked(super().get_form(request, obj, **kwargs))

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:
            return
        try:
            sent = accounts.account_created_notify(user=obj)
        except Exception as error:  # the account stands; say the mail did not go
            messages.warning(request, ACCOUNT_MAIL_FAILED.format(person=obj, error=error))
        else:
            if sent:
                messages.info(request, ACCOUNT_MAIL_SENT.format(person=obj, email=obj.email))

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        # The business unit manages its people, never an administrator of the service.
        return queryset if request.user.is_superuser else queryset.filter(is_superuser=False)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser or obj is None:
            return fieldsets
        return [
            (name, {**opts, "fields": [f for f in opts["fields"] if f != "partnership"]})
            for name, opts in fieldsets
        ]
