"""The business unit keeps the partnership's list of course themes here; courses, sessions,
registers and imports are kept through the training pages."""

from django.contrib import admin

from kscp.core.admin import PartnershipScopedAdmin
from training.models import CourseTheme


@admin.register(CourseTheme)
class CourseThemeAdmin(PartnershipScopedAdmin):
    list_display = ["name"]
    search_fields = ["name"]
