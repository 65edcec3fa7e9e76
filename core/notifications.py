"""The one place every app sends notifications through: in-app first, e-mail as a second channel.

Call ``notify`` inside a service's transaction: the rows are written with it, and the e-mail goes out
only after the transaction commits, so a rolled-back step never mails anyone.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from .models import Notification

logger = logging.getLogger(__name__)


def notify(
    recipients: Iterable, *, title: str, body: str = "", url: str = "", kind: str = "", email: bool = True
) -> list[Notification]:
    """Tell each recipient once (duplicates in ``recipients`` are folded)."""
    unique = {user.pk: user for user in recipients if user is not None}
    notes = Notification.objects.bulk_create(
        [Notification(recipient=user, title=title, body=body, url=url, kind=kind) for user in unique.values()]
    )
    if email:
        mailable = [(note, user.email) for note, user in zip(notes, unique.values(), strict=True) if user.email]
        if mailable:
            transaction.on_commit(lambda: _send_emails(mailable, title, body, url))
    return notes


def _send_emails(mailable, title: str, body: str, url: str) -> None:
    text = body + (f"\n\n{url}" if url else "")
    sent_ids = []
    for note, address in mailable:
        try:
            send_mail(settings.EMAIL_SUBJECT_PREFIX + title, text, None, [address])
        except OSError:
            # The in-app notification already stands; a mail server being away must not break the step.
            logger.warning("e-mail to %s failed for notification %s", address, note.pk, exc_info=True)
        else:
            sent_ids.append(note.pk)
    if sent_ids:
        Notification.objects.filter(pk__in=sent_ids).update(emailed_at=timezone.now())


def mark_read(*, user, notification_ids: Iterable[int] | None = None) -> int:
    """Mark the user's own notifications read (all unread ones when no ids are given)."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=list(notification_ids))
    return qs.update(read_at=timezone.now())


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
