"""The business unit keeps the partnership's lists of referral reasons and practice themes
here; case records themselves are kept through the case-review pages."""

from django.contrib import admin

from kscp.core.admin import PartnershipScopedAdmin
from reviews.models import ReferralReason, Theme


@admin.register(ReferralReason)
class ReferralReasonAdmin(PartnershipScopedAdmin):
    list_display = ["name", "position", "is_active"]
    list_editable = ["position", "is_active"]
    list_filter = ["is_active"]


@admin.register(Theme)
class ThemeAdmin(PartnershipScopedAdmin):
    list_display = ["name", "position"]
    list_editable = ["position"]
