"""Writes shared by every tracked item (objectives, actions, and later review actions)."""

from django.core.exceptions import ValidationError
from django.db import transaction

from kscp.core.models import User
from kscp.core.tracking import (
    NO_CHANGE_REASON,
    RAG,
    RAG_NEEDING_COMMENT,
    UPDATE_REASON,
    TrackedItem,
)

COMMENT_REQUIRED = "Enter a progress comment to explain a Red or Amber status"
NEW_COMMENT_REQUIRED = "Update the progress text to explain the change to Red or Amber"
RAG_NOT_IN_KEY = "Select a status from the progress key"


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
    if rag in RAG_NEEDING_COMMENT and rag != item.rag and progress == item.progress.strip():
        # The form starts with the old text: a move to Red or Amber needs words of its own.
        raise ValidationError({"progress": NEW_COMMENT_REQUIRED})
    item.version = version  # the version the editor saw; save() refuses it if it moved on
    item.rag = RAG(rag)
    item.progress = progress
    item.evidence = evidence
    item._history_user = user
    item._change_reason = UPDATE_REASON
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def tracked_item_confirm_no_change(*, item: TrackedItem, user: User, version: int) -> TrackedItem:
    """Record an owner's word that nothing has changed since the last update: RAG, progress
    and evidence stay, the history says who confirmed it and when. Refused, as an update
    is, if the item changed since `version` was read."""
    item.version = version
    item._history_user = user
    item._change_reason = NO_CHANGE_REASON
    item.save()
    return item
