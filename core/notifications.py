"""The one place every app sends notifications through: in-app first, e-mail as a second channel.

Call ``notify`` inside a service's transaction: the rows are written with it, and the e-mail is queued only
after the transaction commits, so a rolled-back step never mails anyone. A worker sends it (``core.emails``:
batched, with a timeout, retried, recorded on the notification); the person's request never waits for a
mail server.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone

from . import emails
from .models import Notification


def notify(
    recipients: Iterable, *, title: str, body: str = "", url: str = "", kind: str = "", email: bool = True
) -> list[Notification]:
    """Tell each recipient once (duplicates in ``recipients`` are folded)."""
    unique = {user.pk: user for user in recipients if user is not None}
    pending = Notification.EmailStatus.PENDING
    notes = Notification.objects.bulk_create(
        [
            Notification(
                recipient=user,
                title=title,
                body=body,
                url=url,
                kind=kind,
                email_status=pending if email and user.email else Notification.EmailStatus.NONE,
            )
            for user in unique.values()
        ]
    )
    mailable = [note.pk for note in notes if note.email_status == pending]
    if mailable:
        emails.queue(mailable)
    return notes


def mark_read(*, user, notification_ids: Iterable[int] | None = None) -> int:
    """Mark the user's own notifications read (all unread ones when no ids are given)."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=list(notification_ids))
    return qs.update(read_at=timezone.now())


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
