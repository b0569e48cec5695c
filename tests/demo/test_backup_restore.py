"""The dumpdata backup of the README's "Backup and restore": loaded into an emptied database
it gives back every table, history included, and the restored records take new changes."""

import pytest
from django.core.management import call_command
from django.db import connection

from plans.models import Objective, Owner
from tests.helpers import add_owner

pytestmark = pytest.mark.django_db(transaction=True)

# As the README gives it: migrate recreates content types and permissions; sessions and
# sign-in attempts are not worth restoring.
DUMP_EXCLUDES = ["contenttypes", "auth.permission", "sessions", "axes"]


def back_up_and_restore(backup):
    call_command(
        "dumpdata", natural_foreign=True, exclude=DUMP_EXCLUDES, output=str(backup), verbosity=0
    )
    call_command("flush", interactive=False, verbosity=0)
    assert not Objective.objects.exists()
    call_command("loaddata", str(backup), verbosity=0)


def row_counts():
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def test_the_demo_backed_up_and_restored_has_every_row_of_every_table(tmp_path):
    call_command("load_demo", verbosity=0)
    before = row_counts()
    assert before["plans_owner"] > 0 and before["plans_historicalowner"] > 0
    assert before["reviews_historicalnotification_agencies"] > 0

    back_up_and_restore(tmp_path / "backup.json.gz")

    assert row_counts() == before


def test_a_restored_record_takes_new_changes_and_their_history(tmp_path, objective, other_group):
    back_up_and_restore(tmp_path / "backup.json.gz")
    objective = Objective.objects.get(pk=objective.pk)
    rows, owner_rows = objective.history.count(), Owner.history.count()

    objective.progress = "Restored and carried on"
    objective.save()
    add_owner(objective, other_group)

    assert objective.history.count() == rows + 1
    # The owners replaced: the old row's removal, the two new rows.
    assert Owner.history.count() == owner_rows + 3
    assert objective.history.latest().progress == "Restored and carried on"
