"""Celery tasks of operations, sent by beat (``zaduo_office/schedule.py``): the worker's heartbeat every
minute, the backup every night. Both take no arguments and are safe to run twice."""

from __future__ import annotations

from celery import shared_task

from . import backup as backups
from . import health


@shared_task(name="ops.heartbeat", ignore_result=True, acks_late=False, soft_time_limit=20, time_limit=30)
def heartbeat() -> None:
    """The worker took a task off the queue within the last minute: /healthz reads the time it wrote."""
    health.record_heartbeat()


# Acknowledged when it starts, not when it ends: a dump may outlast Redis's one-hour visibility timeout, and a
# redelivered copy would start a second backup. A night that fails is logged; the next night tries again.
@shared_task(name="ops.backup", acks_late=False, soft_time_limit=4 * 60 * 60, time_limit=4 * 60 * 60 + 300)
def backup() -> dict:
    return backups.create_backup().summary()
