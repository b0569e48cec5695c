from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from kscp.core.admin import PartnershipScopedAdmin, ScopedInline
from plans.models import Action, Objective, Plan, Priority

STALE_ADMIN_FORM = (
    "Someone saved a change to this record after you opened it. Your changes have not been "
    "saved: open the record again to see theirs."
)


class TrackedItemAdminForm(forms.ModelForm):
    """Carries the version the editor opened, so a save from a stale admin form is refused
    rather than silently overwriting an owner's update."""

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("seen_version", self.instance.version)
            self.fields["seen_version"].required = True

    def clean(self):
        cleaned = super().clean()
        seen = cleaned.get("seen_version")
        if self.instance.pk and seen is not None:
            current = (
                type(self.instance)
                .objects.filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )
            if current != seen:
                raise ValidationError(STALE_ADMIN_FORM)
        return cleaned


class PriorityInline(ScopedInline):
    model = Priority
    extra = 0
    fields = ["number", "title", "aim", "strategic_aim"]


@admin.register(Plan)
class PlanAdmin(PartnershipScopedAdmin):
    list_display = ["title", "period", "version_label", "status"]
    list_filter = ["status"]
    inlines = [PriorityInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "partnership",
                    "title",
                    "period",
                    "starts_on",
                    "ends_on",
                    "version_label",
                    "status",
                    "introduction",
                ]
            },
        ),
        (
            "Progress key",
            {
                "fields": [
                    "key_not_started",
                    "key_red",
                    "key_amber",
                    "key_green",
                    "key_blue",
                    "key_complete",
                ]
            },
        ),
        ("Document", {"fields": ["version_history", "glossary"]}),
    ]

    def get_fieldsets(self, request, obj=None):
        if request.user.is_superuser:
            return self.fieldsets
        return [
            (name, {**opts, "fields": [f for f in opts["fields"] if f != "partnership"]})
            for name, opts in self.fieldsets
        ]


@admin.register(Priority)
class PriorityAdmin(PartnershipScopedAdmin):
    partnership_lookup = "plan__partnership"
    list_display = ["__str__", "plan"]
    list_filter = [("plan", admin.RelatedOnlyFieldListFilter)]


class ActionInline(ScopedInline):
    model = Action
    extra = 0
    fields = [
        "position",
        "label",
        "description",
        "lead_group",
        "lead_person",
        "lead_text",
        "due_on",
        "due_text",
        "rag",
        "progress",
    ]


@admin.register(Objective)
class ObjectiveAdmin(PartnershipScopedAdmin):
    form = TrackedItemAdminForm
    partnership_lookup = "plan__partnership"
    list_display = ["number", "plan", "due_on", "rag", "updated_at"]
    list_filter = [("plan", admin.RelatedOnlyFieldListFilter), "rag"]
    search_fields = ["number", "action"]
    filter_horizontal = ["owner_groups", "owner_people"]
    inlines = [ActionInline]


@admin.register(Action)
class ActionAdmin(PartnershipScopedAdmin):
    form = TrackedItemAdminForm
    partnership_lookup = "objective__plan__partnership"
    list_display = ["__str__", "due_on", "rag"]
    list_filter = ["rag"]
