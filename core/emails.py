"""The e-mail channel of notifications: off the request, in batches, with a timeout, retried, recorded.

``notify`` marks each notification that should be e-mailed ``pending`` and calls ``queue``; once the
transaction commits, the ids go to the ``core.send_emails`` task in batches (``core.background``: a broker
being away never fails the step). The task

1. **claims** its rows: in a short transaction it locks them (``SELECT … FOR UPDATE SKIP LOCKED``), keeps
   those still pending and due, and sets ``email_next_try_at`` to the end of its claim — so the same task run
   twice, a retry and the sweep never send one e-mail twice;
2. **sends** them on one SMTP connection, outside any transaction, each socket operation bounded by
   ``EMAIL_TIMEOUT``, and records each one sent as soon as the server accepted it;
3. **records** each other result: failed for good (a 5xx answer, a bad address); or pending again after a
   wait that doubles with each attempt (connection refused, timeout, disconnection, a 4xx answer), until
   ``MAX_ATTEMPTS``.

The ``core.resend_emails`` sweep (beat, ``zaduo_office/schedule.py``; ``manage.py resend_emails`` where no
beat runs, e.g. from cron) queues whatever is pending and due again: retries whose Celery message was lost,
claims of a worker that died mid-batch (only its unsent rows: the sent ones were recorded as they went),
ids that never reached the broker. An SMTP server cannot take part in our transaction, so a worker
killed between the server's "250 OK" and the record of it means that one e-mail goes out twice after the
claim runs out; every other path sends at most once. Each message carries a Message-ID made from the
notification, so mail clients fold such a duplicate.
"""

from __future__ import annotations

import logging
import smtplib
import threading
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from . import background, logs
from .models import Notification

logger = logging.getLogger("zaduo.email")

BATCH = 100  # e-mails per task, and per SMTP connection
MAX_ATTEMPTS = 10  # 1 + 2 + 4 + … minutes, at most an hour apart: about four hours of a mail server away
RETRY_BASE_SECONDS = 60
RETRY_MAX_SECONDS = 60 * 60
TASK_TIME_LIMIT = 300  # core.tasks.send_emails: the worker kills the task after this
# A claim outlives the task that made it: a killed task's rows come back to the sweep after this.
CLAIM = timedelta(seconds=TASK_TIME_LIMIT + 60)
# Stop starting new messages after this long, so the time limit never cuts a send from its record.
SEND_BUDGET_SECONDS = 180
# Freshly queued e-mails are the task's; the sweep leaves them alone this long.
SWEEP_GRACE = timedelta(minutes=2)
SWEEP_LIMIT = 5000

Status = Notification.EmailStatus


# --- queueing ------------------------------------------------------------------------------------------------

_queued = threading.local()


def queue(notification_ids: Iterable[int]) -> None:
    """Send these notifications' e-mails once the current transaction commits.

    Ids queued in one transaction (a reminder delivery notifies many groups of people) go out together, in
    batches of ``BATCH``: one task and one SMTP connection per batch, not one per ``notify`` call. Each call
    registers a commit hook; the first to run takes everything gathered so far."""
    if not _hook_pending():
        _queued.ids = []  # the transaction that gathered them rolled back: its hooks are gone, and so are its rows
    _queued.ids = [*getattr(_queued, "ids", []), *notification_ids]
    transaction.on_commit(_publish_queued)


def _hook_pending() -> bool:
    connection = transaction.get_connection()
    hooks = getattr(connection, "run_on_commit", None) or []
    return connection.in_atomic_block and any(hook[1] is _publish_queued for hook in hooks)


def _publish_queued() -> None:
    ids = list(dict.fromkeys(getattr(_queued, "ids", None) or []))
    _queued.ids = []
    publish(ids)


def publish(ids: list[int]) -> int:
    """Queue the ``core.send_emails`` task for ``ids``, a batch at a time; the number of batches queued."""
    from . import tasks

    queued = 0
    for start in range(0, len(ids), BATCH):
        queued += background.enqueue(tasks.send_emails, ids[start : start + BATCH])
    return queued


# --- sending -------------------------------------------------------------------------------------------------


@dataclass
class Outcome:
    """What one run did, and which rows the task should retry, after how long."""

    sent: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    retry: list[int] = field(default_factory=list)
    retry_in: int = 0

    def summary(self) -> dict:
        return {"sent": len(self.sent), "failed": len(self.failed), "retry": len(self.retry)}


def backoff(attempts: int) -> int:
    """Seconds to wait after the ``attempts``-th failed try: 60, 120, 240 … at most an hour."""
    return min(RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0), RETRY_MAX_SECONDS)


def is_transient(error: BaseException) -> bool:
    """Worth trying again later: the server was unreachable, slow, gone, or said "try later" (4xx). A 5xx
    answer, a refused login or a malformed message needs a person, not a retry."""
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return True
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return bool(error.recipients) and all(400 <= code < 500 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    if isinstance(error, smtplib.SMTPException):  # no AUTH or STARTTLS offered: configuration
        return False
    from celery.exceptions import SoftTimeLimitExceeded

    return isinstance(error, OSError | SoftTimeLimitExceeded)  # refused, unreachable, timed out, DNS


def _breaks_connection(error: BaseException) -> bool:
    """After these the connection is gone or unusable; a refused recipient leaves it open for the next one."""
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code == 421
    return not isinstance(error, smtplib.SMTPRecipientsRefused | ValueError)


def describe(error: BaseException) -> str:
    text = str(error) or type(error).__name__
    return f"{type(error).__name__}: {text}"[:500]


def _message(note: Notification) -> EmailMessage:
    title = " ".join(note.title.split())  # a header never holds a line break
    text = note.body + (f"\n\n{note.url}" if note.url else "")
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "zaduo.local"
    return EmailMessage(
        subject=settings.EMAIL_SUBJECT_PREFIX + title,
        body=text,
        to=[note.recipient.email],
        # The same notification always has the same Message-ID: mail clients fold a rare duplicate.
        headers={"Message-ID": f"<notification.{note.pk}@{domain}>"},
    )


def claim(ids: list[int], now: datetime) -> list[Notification]:
    """Lock the pending, due rows among ``ids`` and mark them taken until ``now + CLAIM`` (STYLE habit 4)."""
    with transaction.atomic():
        rows = list(
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(pk__in=ids, email_status=Status.PENDING)
            .filter(Q(email_next_try_at__isnull=True) | Q(email_next_try_at__lte=now))
            .select_related("recipient")
            .order_by("pk")
        )
        if rows:
            Notification.objects.filter(pk__in=[r.pk for r in rows]).update(email_next_try_at=now + CLAIM)
    return rows


def emails_send(*, notification_ids: Iterable[int], now: datetime | None = None) -> Outcome:
    """Send the pending e-mails among ``notification_ids`` on one connection and record what happened."""
    now = now or timezone.now()
    rows = claim(sorted({int(pk) for pk in notification_ids}), now)
    outcome = Outcome()
    if not rows:
        return outcome
    errors: dict[int, BaseException] = {}
    untried: list[Notification] = []
    sendable = []
    for row in rows:
        if row.recipient.email and row.recipient.is_active:
            sendable.append(row)
        else:
            errors[row.pk] = ValueError("收件人没有邮箱地址或账号已停用")
    started = time.monotonic()
    backend = get_connection(timeout=settings.EMAIL_TIMEOUT)
    broken = False
    try:
        if sendable:
            backend.open()
    except Exception as error:  # every failure is recorded on the rows, then retried or not
        broken = True
        for row in sendable:
            errors[row.pk] = error
    else:
        for position, row in enumerate(sendable):
            if time.monotonic() - started > SEND_BUDGET_SECONDS:
                untried = sendable[position:]
                break
            try:
                accepted = backend.send_messages([_message(row)])
            except Exception as error:  # recorded, see above
                errors[row.pk] = error
                if _breaks_connection(error):
                    broken = True
                    untried = sendable[position + 1 :]
                    break
            else:
                if accepted:
                    _record_sent(row.pk)
                    outcome.sent.append(row.pk)
                else:
                    errors[row.pk] = smtplib.SMTPServerDisconnected("邮件服务器未接受该邮件")
    finally:
        _hang_up(backend, broken)
    _record(outcome, rows, errors, untried, timezone.now())
    return outcome


def _hang_up(backend, broken: bool) -> None:
    """Close the connection; a broken one without the polite QUIT, which would wait out another timeout."""
    try:
        if broken and getattr(backend, "connection", None) is not None:
            backend.connection.close()
            backend.connection = None
        backend.close()
    except Exception:  # the results are what matter now
        logger.debug("closing the mail connection failed", exc_info=True)


def _record_sent(pk: int) -> None:
    """Record one e-mail sent the moment the server accepted it (autocommit: no transaction is open here).
    A worker killed later in the batch then leaves only the unsent rows to the sweep, not the whole batch:
    at most the one message in flight can go out twice."""
    Notification.objects.filter(pk=pk).update(
        email_status=Status.SENT,
        emailed_at=timezone.now(),
        email_attempts=F("email_attempts") + 1,
        email_error="",
        email_next_try_at=None,
    )


def _record(outcome: Outcome, rows: list[Notification], errors: dict[int, BaseException], untried, now) -> None:
    """Write each failure; rows that ended alike are updated together (a refused connection: one UPDATE). The
    sent ones were recorded one by one as they went (``_record_sent``)."""
    alike: dict[tuple, list[int]] = defaultdict(list)
    waits = []
    for row in rows:
        if row.pk not in errors:
            continue
        error, attempts = errors[row.pk], row.email_attempts + 1
        if is_transient(error) and attempts < MAX_ATTEMPTS:
            wait = backoff(attempts)
            waits.append(wait)
            outcome.retry.append(row.pk)
            status, next_try = Status.PENDING, now + timedelta(seconds=wait)
        else:
            outcome.failed.append(row.pk)
            status, next_try = Status.FAILED, None
        alike[(status, attempts, describe(error), next_try)].append(row.pk)
    for (status, attempts, error, next_try), pks in alike.items():
        Notification.objects.filter(pk__in=pks).update(
            email_status=status, email_attempts=attempts, email_error=error, email_next_try_at=next_try
        )
        logs.event(
            logger,
            "email_retry" if status == Status.PENDING else "email_failed",
            level=logging.WARNING,
            notifications=pks,
            attempts=attempts,
            error=error,
        )
    if untried:
        # Not tried because the connection broke first: no attempt used; back when the others are.
        wait = max(waits) if waits else RETRY_BASE_SECONDS
        Notification.objects.filter(pk__in=[r.pk for r in untried]).update(
            email_next_try_at=now + timedelta(seconds=wait)
        )
        outcome.retry += [r.pk for r in untried]
        waits.append(wait)
    outcome.retry_in = max(waits) if waits else 0
    if outcome.sent:
        logs.event(logger, "email_sent", count=len(outcome.sent))


# --- the sweep -----------------------------------------------------------------------------------------------


def due_ids(now: datetime, limit: int = SWEEP_LIMIT) -> list[int]:
    """The e-mails still pending whose time has come (the sweep's), oldest first."""
    return list(
        Notification.objects.filter(email_status=Status.PENDING)
        .filter(Q(email_next_try_at__lte=now) | Q(email_next_try_at__isnull=True, created_at__lt=now - SWEEP_GRACE))
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )


def due_batches(now: datetime | None = None) -> Iterable[list[int]]:
    """``manage.py resend_emails``: the due e-mails a batch at a time, each batch read after the one before
    was sent (a row sent or put off is not due any more), so the loop ends."""
    now = now or timezone.now()
    seen: set[int] = set()
    while batch := [pk for pk in due_ids(now, BATCH + len(seen)) if pk not in seen][:BATCH]:
        seen.update(batch)
        yield batch


def emails_resend(*, now: datetime | None = None) -> int:
    """Queue again every e-mail still pending whose time has come: a retry whose message was lost, a claim
    whose worker died, an id that never reached the broker. Returns how many were queued."""
    now = now or timezone.now()
    ids = due_ids(now)
    if ids:
        logs.event(logger, "email_resend", count=len(ids))
        publish(ids)
    return len(ids)
