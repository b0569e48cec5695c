"""The old owner fields removed, now that the Owner rows hold them (0007)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("plans", "0008_owners_from_old_fields"),
    ]

    operations = [
        migrations.RemoveField(
            model_name='historicalobjective_owner_people',
            name='history',
        ),
        migrations.RemoveField(
            model_name='historicalobjective_owner_people',
            name='objective',
        ),
        migrations.RemoveField(
            model_name='historicalobjective_owner_people',
            name='user',
        ),
        migrations.RemoveField(
            model_name='action',
            name='lead_group',
        ),
        migrations.RemoveField(
            model_name='action',
            name='lead_person',
        ),
        migrations.RemoveField(
            model_name='action',
            name='lead_text',
        ),
        migrations.RemoveField(
            model_name='historicalaction',
            name='lead_group',
        ),
        migrations.RemoveField(
            model_name='historicalaction',
            name='lead_person',
        ),
        migrations.RemoveField(
            model_name='historicalaction',
            name='lead_text',
        ),
        migrations.RemoveField(
            model_name='historicalobjective',
            name='owner_text',
        ),
        migrations.RemoveField(
            model_name='objective',
            name='owner_groups',
        ),
        migrations.RemoveField(
            model_name='objective',
            name='owner_people',
        ),
        migrations.RemoveField(
            model_name='objective',
            name='owner_text',
        ),
        migrations.DeleteModel(
            name='HistoricalObjective_owner_groups',
        ),
        migrations.DeleteModel(
            name='HistoricalObjective_owner_people',
        ),
    ]
