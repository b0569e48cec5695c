"""Set-up of the yearly report for the business unit, limited to its partnership, with
history: the lead safeguarding partners, the contents checklist (and which sections of a
report cover each item), the acronyms of the glossary and the deadlines."""

from django.contrib import admin

from kscp.assurance.models import (
    Acronym,
    ChecklistItem,
    ReportSettings,
    SafeguardingPartner,
    Section,
)
from kscp.core.admin import PartnershipScopedAdmin


@admin.register(SafeguardingPartner)
class SafeguardingPartnerAdmin(PartnershipScopedAdmin):
    list_display = ["kind", "person", "office"]
    fields = ["partnership", "kind", "person", "office"]


@admin.register(ChecklistItem)
class ChecklistItemAdmin(PartnershipScopedAdmin):
    list_display = ["position", "text"]
    list_display_links = ["text"]
    fields = ["partnership", "position", "text", "key"]


@admin.register(Acronym)
class AcronymAdmin(PartnershipScopedAdmin):
    list_display = ["term", "meaning"]
    search_fields = ["term", "meaning"]
    fields = ["partnership", "term", "meaning"]


@admin.register(ReportSettings)
class ReportSettingsAdmin(PartnershipScopedAdmin):
    fields = ["partnership", "publish_within_months", "send_within_days"]


@admin.register(Section)
class SectionAdmin(PartnershipScopedAdmin):
    """Which checklist items a section covers; its words are written on the report's pages."""

    partnership_lookup = "report__partnership"
    list_display = ["title", "report", "position", "kind"]
    list_filter = ["report"]
    fields = ["covers"]
    filter_horizontal = ["covers"]

    def has_add_permission(self, request, obj=None):
        return False  # sections are added on the report's page
