"""The lists each partnership keeps for its case records: referral reasons and themes."""

from django.db import models

from kscp.core.models import Partnership, TimeStampedModel


class ReferralReason(TimeStampedModel):
    """Why a serious incident was referred: a list each partnership can change. It starts with
    the reasons of the Kirklees annual statement."""

    partnership_path = "partnership"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="referral_reasons"
    )
    name = models.CharField(max_length=100)
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField("offered for new notifications", default=True)

    class Meta:
        ordering = ["partnership", "position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "name"], name="referral_reason_name_unique"
            ),
        ]

    def __str__(self):
        return self.name


class Theme(TimeStampedModel):
    """A practice area that reviews and their recommendations are grouped under, such as
    "Managing risk and effective decision making"."""

    partnership_path = "partnership"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["partnership", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="theme_name_unique"),
        ]

    def __str__(self):
        return self.name
