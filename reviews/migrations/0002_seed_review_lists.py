from django.db import migrations

from reviews.services import DEFAULT_REFERRAL_REASONS, DEFAULT_THEMES


def seed(apps, schema_editor):
    Partnership = apps.get_model("kscp", "Partnership")
    ReferralReason = apps.get_model("reviews", "ReferralReason")
    Theme = apps.get_model("reviews", "Theme")
    for partnership in Partnership.objects.all():
        for position, name in enumerate(DEFAULT_REFERRAL_REASONS, start=1):
            ReferralReason.objects.get_or_create(
                partnership=partnership, name=name, defaults={"position": position}
            )
        for position, name in enumerate(DEFAULT_THEMES, start=1):
            Theme.objects.get_or_create(
                partnership=partnership, name=name, defaults={"position": position}
            )


class Migration(migrations.Migration):
    dependencies = [("reviews", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
