"""Writes shared by every tracked item (objectives, actions, and later review actions)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from kscp.models import User
from kscp.tracking import RAG, RAG_NEEDING_COMMENT, TrackedItem

COMMENT_REQUIRED = "Enter a progress comment to explain a Red or Amber status"
RAG_NOT_IN_KEY = "Select a status from this plan's progress key"
STALE_UPDATE = (
    "Your changes have not been saved: {who} saved a change to this {noun} at {when} "
    "while you were editing it. Check their change below; your text is still in the form. "
    "Save again to replace their change with yours."
)


class StaleUpdateError(Exception):
    """Someone saved the item after the editor loaded it; their change wins until the
    editor has seen it and saves again."""

    def __init__(self, current: TrackedItem):
        super().__init__("stale update")
        self.current = current


@transaction.atomic
def tracked_item_update(
    *,
    item: TrackedItem,
    user: User,
    rag: str,
    progress: str,
    evidence: str,
    version: int,
    allowed_rags: list[str] | None = None,
) -> TrackedItem:
    """Record an owner's update of RAG status, progress and evidence. Refused if the item
    changed since `version` was read, so nobody silently overwrites another's update."""
    progress, evidence = progress.strip(), evidence.strip()
    if allowed_rags is not None and rag not in allowed_rags:
        raise ValidationError({"rag": RAG_NOT_IN_KEY})
    if rag in RAG_NEEDING_COMMENT and not progress:
        raise ValidationError({"progress": COMMENT_REQUIRED})
    model = type(item)
    # Claim the version in one conditional UPDATE: of two concurrent saves, one matches.
    claimed = model.objects.filter(pk=item.pk, version=version).update(version=F("version") + 1)
    if not claimed:
        raise StaleUpdateError(model.objects.get(pk=item.pk))
    item.refresh_from_db()
    item.rag = RAG(rag)
    item.progress = progress
    item.evidence = evidence
    item._history_user = user
    item.full_clean()
    item.save()
    return item
