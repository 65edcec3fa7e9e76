"""Queueing a Celery task without ever failing the person's step because the broker is away.

Every place that queues a task from a request (a view, a service, an admin action) goes through
``enqueue_on_commit``: the task is published only after the transaction commits, and if Redis cannot be
reached the error is logged and swallowed — the step the person took stands, and the work is picked up by
the periodic scan that runs once the broker is back (the deadline engine catches up from its watermark).
"""

from __future__ import annotations

import logging

from django.db import transaction
from kombu.exceptions import KombuError

logger = logging.getLogger(__name__)

try:  # the Redis client's own connection errors, when kombu lets one through unwrapped
    from redis.exceptions import ConnectionError as _RedisConnectionError
    from redis.exceptions import TimeoutError as _RedisTimeoutError

    BROKER_ERRORS: tuple[type[BaseException], ...] = (KombuError, OSError, _RedisConnectionError, _RedisTimeoutError)
except ImportError:  # pragma: no cover - redis is a dependency through celery[redis]
    BROKER_ERRORS = (KombuError, OSError)

# A request waits at most about half a second for an absent broker, not Celery's default of several retries;
# for a frozen one (it accepts and never answers) two tries of REDIS_SOCKET_TIMEOUT each. One retry is enough
# for what retrying is for: a pooled connection that Redis dropped (a restart) is replaced by a fresh one.
PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.3}


def enqueue(task, *args, **kwargs) -> bool:
    """Publish ``task`` now. True if it was queued (or ran, in eager mode); False if the broker was away."""
    try:
        task.apply_async(args=args, kwargs=kwargs, retry=True, retry_policy=PUBLISH_RETRY_POLICY)
    except BROKER_ERRORS:
        logger.warning("broker unavailable: %s not queued; the periodic scan will catch up", task.name, exc_info=True)
        return False
    return True


def enqueue_on_commit(task, *args, **kwargs) -> None:
    """Publish ``task`` once the current transaction commits (at once outside a transaction)."""
    transaction.on_commit(lambda: enqueue(task, *args, **kwargs))
