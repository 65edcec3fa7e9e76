"""Celery tasks of the kernel: thin wrappers over ``core.emails``, safe to run twice (STYLE habit 4)."""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import InterfaceError, OperationalError

from . import emails
from .background import BROKER_ERRORS

logger = logging.getLogger("zaduo.email")

# A dropped database connection deserves a retry of the whole task; mail errors are handled row by row.
RETRY_ON_DATABASE = {"autoretry_for": (OperationalError, InterfaceError), "retry_backoff": 15, "max_retries": 5}


@shared_task(
    bind=True,
    name="core.send_emails",
    acks_late=True,
    soft_time_limit=emails.TASK_TIME_LIMIT - 60,
    time_limit=emails.TASK_TIME_LIMIT,
    **RETRY_ON_DATABASE,
)
def send_emails(self, notification_ids: list[int]) -> dict:
    """Send the e-mails of these notifications (one SMTP connection); retry the transient failures later."""
    outcome = emails.emails_send(notification_ids=[int(pk) for pk in notification_ids])
    if outcome.retry and not self.app.conf.task_always_eager:
        # Run in-process (the embedded default) there is no one to wait for a retry: the rows stay pending
        # for the sweep, and the person's request is not held while a mail server is away.
        try:
            raise self.retry(args=[outcome.retry], countdown=outcome.retry_in, max_retries=None)
        except BROKER_ERRORS:
            logger.warning("could not queue the e-mail retry; the sweep will send them", exc_info=True)
    return outcome.summary()


@shared_task(name="core.resend_emails", acks_late=True, soft_time_limit=60, time_limit=90, **RETRY_ON_DATABASE)
def resend_emails() -> int:
    """Beat's sweep: every e-mail still pending whose time has come goes back to ``send_emails``."""
    return emails.emails_resend()
