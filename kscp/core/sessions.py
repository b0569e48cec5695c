"""What the signed-in sessions keep that can name people: the messages a page stores for the
next page ("Ada Example has been added to the session") stay in the session's row until they
are shown, and in the rows of sessions that ended until those are cleared."""

from django.contrib.messages.storage.cookie import MessageDecoder, MessageEncoder
from django.contrib.sessions.models import Session
from django.utils import timezone

MESSAGES_KEY = "_messages"  # where django.contrib.messages' SessionStorage keeps them


def sessions_forget_messages(*, naming: set[str]) -> int:
    """Remove the stored messages that contain any of the texts in `naming` from every
    session, and the rows of sessions that have ended (their messages will never be shown).
    Returns how many live sessions lost a message."""
    Session.objects.filter(expire_date__lt=timezone.now()).delete()
    naming = {text for text in naming if text}
    if not naming:
        return 0
    changed = 0
    store = Session.get_session_store_class()()
    # Session data is signed and compressed, so the texts cannot be searched for in the
    # table: every live session with stored messages is decoded.
    for session in Session.objects.all().iterator():
        data = store.decode(session.session_data)
        if MESSAGES_KEY not in data:
            continue
        stored = MessageDecoder().decode(data[MESSAGES_KEY])
        kept = [m for m in stored if not any(text in str(m.message) for text in naming)]
        if len(kept) == len(stored):
            continue
        if kept:
            data[MESSAGES_KEY] = MessageEncoder().encode(kept)
        else:
            del data[MESSAGES_KEY]
        Session.objects.filter(pk=session.pk).update(session_data=store.encode(data))
        changed += 1
    return changed
