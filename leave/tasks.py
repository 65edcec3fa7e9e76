"""Celery task of the leave chapter: thin, idempotent, started by beat (``zaduo_office/schedule.py``)."""

from __future__ import annotations

from celery import shared_task
from django.db import InterfaceError, OperationalError

from . import services

TRANSIENT = (OperationalError, InterfaceError)


@shared_task(
    name="leave.start_due",
    acks_late=True,
    soft_time_limit=120,
    time_limit=180,
    autoretry_for=TRANSIENT,
    retry_backoff=15,
    max_retries=5,
)
def start_due() -> int:
    """已批准 → 外出中 for the requests whose approved start has come [54]."""
    return services.leave_start_due()
