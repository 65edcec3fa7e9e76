"""Celery tasks of the records chapter: thin wrappers over the services, safe to run twice.

``records.fixity_check`` is started monthly by beat (``zaduo_office/schedule.py``); ``manage.py check_fixity``
runs the same check by hand. It reads every filed file, so it may run long: the time limit is hours, not
minutes, and it is acknowledged on receipt — with the Redis broker a late-acknowledged task still running after
the visibility timeout (an hour) would be handed to a second worker. A run lost to a dead worker stays on the
page as unfinished and the next run covers the same ground.
"""

from __future__ import annotations

from celery import shared_task
from django.db import InterfaceError, OperationalError

from . import fixity

RETRY = {"autoretry_for": (OperationalError, InterfaceError), "retry_backoff": 60, "max_retries": 3}


@shared_task(name="records.fixity_check", acks_late=False, soft_time_limit=4 * 3600, time_limit=4 * 3600 + 300, **RETRY)
def fixity_check(via: str = "beat") -> dict:
    """完整性检查 of every filed file [33]."""
    run = fixity.fixity_check(via=via)
    return {"run": run.pk, "checked": run.checked, "problems": run.problems, "new": run.new_problems}
