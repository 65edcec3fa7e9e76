"""Celery tasks of the deadline engine: thin wrappers over ``services``, safe to run twice.

The scan and the digest are started by beat (``zaduo_office/schedule.py``); ``deliver`` is queued by the
scan for the reminders it recorded. Each takes plain ids, retries only when the database connection
dropped (a transient error), and has a time limit. Running one twice sends nothing twice: the reminder
ledger's unique constraint and the row lock in ``reminders_deliver`` see to that.
"""

from __future__ import annotations

from celery import shared_task
from django.db import InterfaceError, OperationalError
from django.utils.dateparse import parse_datetime

from . import services

# A dropped or refused database connection deserves a retry; anything else is a bug to see in the log.
TRANSIENT = (OperationalError, InterfaceError)
RETRY = {"autoretry_for": TRANSIENT, "retry_backoff": 15, "retry_backoff_max": 300, "max_retries": 5}


def _moment(now: str | None):
    return parse_datetime(now) if now else None


@shared_task(
    name="deadlines.scan",
    acks_late=True,
    soft_time_limit=services.SCAN_TIME_LIMIT - 60,
    time_limit=services.SCAN_TIME_LIMIT,
    **RETRY,
)
def scan(now: str | None = None, via: str = "beat") -> dict:
    run = services.deadlines_scan(now=_moment(now), via=via[:20])
    return {"candidates": run.candidates, "recorded": run.recorded}


@shared_task(
    name="deadlines.digest",
    acks_late=True,
    soft_time_limit=services.DIGEST_TIME_LIMIT - 60,
    time_limit=services.DIGEST_TIME_LIMIT,
    **RETRY,
)
def digest(now: str | None = None) -> dict:
    run = services.deadlines_digest(now=_moment(now), via="beat")
    return {"recorded": run.recorded if run else 0}


@shared_task(name="deadlines.deliver", acks_late=True, soft_time_limit=60, time_limit=90, **RETRY)
def deliver(reminder_ids: list[int]) -> int:
    return services.reminders_deliver(reminder_ids=[int(pk) for pk in reminder_ids])
