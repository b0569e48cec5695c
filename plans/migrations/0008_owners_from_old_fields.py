"""Each objective's owner groups, people and other owner, and each action's lead group, lead
person and other lead, become Owner rows, all leading, in the order the old fields kept them
(groups as they were added, then people, then the words), with a history row dated when the
item was created, so that reports "as at" a date read them as before."""

from django.db import migrations


def _rows(groups, people, text):
    rows = [{"group_id": pk} for pk in groups] + [{"person_id": pk} for pk in people]
    if text:
        rows.append({"text": text})
    return rows


def forwards(apps, schema_editor):
    Objective = apps.get_model("plans", "Objective")
    Action = apps.get_model("plans", "Action")
    Owner = apps.get_model("plans", "Owner")
    HistoricalOwner = apps.get_model("plans", "HistoricalOwner")
    groups_through = Objective.owner_groups.through
    people_through = Objective.owner_people.through
    groups, people = {}, {}
    for row in groups_through.objects.order_by("pk").values("objective_id", "group_id"):
        groups.setdefault(row["objective_id"], []).append(row["group_id"])
    for row in people_through.objects.order_by("pk").values("objective_id", "user_id"):
        people.setdefault(row["objective_id"], []).append(row["user_id"])
    wanted = []
    for objective in Objective.objects.order_by("pk"):
        rows = _rows(groups.get(objective.pk, []), people.get(objective.pk, []),
                     objective.owner_text)
        wanted += [({"objective_id": objective.pk, **row}, objective.created_at) for row in rows]
    for action in Action.objects.order_by("pk"):
        rows = _rows(
            [action.lead_group_id] if action.lead_group_id else [],
            [action.lead_person_id] if action.lead_person_id else [],
            action.lead_text,
        )
        wanted += [({"action_id": action.pk, **row}, action.created_at) for row in rows]
    positions = {}
    for fields, created_at in wanted:
        item = (fields.get("objective_id"), fields.get("action_id"))
        positions[item] = positions.get(item, 0) + 1
        owner = Owner.objects.create(position=positions[item], role="lead", **fields)
        HistoricalOwner.objects.create(
            id=owner.pk,
            created_at=owner.created_at,
            updated_at=owner.updated_at,
            objective_id=owner.objective_id,
            action_id=owner.action_id,
            position=owner.position,
            role=owner.role,
            group_id=owner.group_id,
            person_id=owner.person_id,
            text=owner.text,
            history_date=created_at,
            history_type="+",
        )


def backwards(apps, schema_editor):
    Objective = apps.get_model("plans", "Objective")
    Action = apps.get_model("plans", "Action")
    Owner = apps.get_model("plans", "Owner")
    for objective in Objective.objects.all():
        owners = list(Owner.objects.filter(objective_id=objective.pk).order_by("position"))
        objective.owner_groups.set([o.group_id for o in owners if o.group_id])
        objective.owner_people.set([o.person_id for o in owners if o.person_id])
        objective.owner_text = "; ".join(o.text for o in owners if o.text)[:300]
        objective.save(update_fields=["owner_text"])
    for action in Action.objects.all():
        owners = list(Owner.objects.filter(action_id=action.pk).order_by("position"))
        action.lead_group_id = next((o.group_id for o in owners if o.group_id), None)
        action.lead_person_id = next((o.person_id for o in owners if o.person_id), None)
        action.lead_text = "; ".join(o.text for o in owners if o.text)[:300]
        action.save(update_fields=["lead_group", "lead_person", "lead_text"])
    Owner.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0007_owner"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
