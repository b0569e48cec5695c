from django.contrib import admin

from kscp.core.admin import PartnershipScopedAdmin, ScopedInline
from plans.models import Action, Objective, Owner, Plan, Priority


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
        # The scoped admin's fieldsets: they carry the version the editor opened.
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        return [
            (name, {**opts, "fields": [f for f in opts["fields"] if f != "partnership"]})
            for name, opts in fieldsets
        ]


@admin.register(Priority)
class PriorityAdmin(PartnershipScopedAdmin):
    partnership_lookup = "plan__partnership"
    list_display = ["__str__", "plan"]
    list_filter = [("plan", admin.RelatedOnlyFieldListFilter)]


class ObjectiveOwnerInline(ScopedInline):
    """Owners in the plan's order: a group, a person or the words of one who is neither;
    the leads first, then those in support."""

    model = Owner
    fk_name = "objective"
    extra = 0
    fields = ["position", "role", "group", "person", "text"]
    verbose_name_plural = "owners, in the plan's order"


class ActionOwnerInline(ObjectiveOwnerInline):
    fk_name = "action"


class ActionInline(ScopedInline):
    model = Action
    extra = 0
    fields = [
        "position",
        "label",
        "description",
        "due_on",
        "due_text",
        "rag",
        "progress",
    ]


@admin.register(Objective)
class ObjectiveAdmin(PartnershipScopedAdmin):
    partnership_lookup = "plan__partnership"
    list_display = ["number", "plan", "due_on", "rag", "updated_at"]
    list_filter = [("plan", admin.RelatedOnlyFieldListFilter), "rag"]
    search_fields = ["number", "action"]
    inlines = [ObjectiveOwnerInline, ActionInline]


@admin.register(Action)
class ActionAdmin(PartnershipScopedAdmin):
    partnership_lookup = "objective__plan__partnership"
    list_display = ["__str__", "due_on", "rag"]
    list_filter = ["rag"]
    inlines = [ActionOwnerInline]
