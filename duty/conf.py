"""The duty chapter's settings, with their defaults (an installation sets them in the environment's settings)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings


def min_rest() -> timedelta:
    """The least time between the end of one's shift and the start of one's next (``DUTY_MIN_REST_HOURS``, 12)."""
    return timedelta(hours=float(getattr(settings, "DUTY_MIN_REST_HOURS", 12)))


def handover_grace() -> timedelta:
    """How long after the incoming shift starts the handover must be confirmed (``DUTY_HANDOVER_GRACE_MINUTES``,
    30) before it counts as missed [42]."""
    return timedelta(minutes=float(getattr(settings, "DUTY_HANDOVER_GRACE_MINUTES", 30)))


def lapse_lookback() -> timedelta:
    """How far back the reminder engine looks for missed handovers and empty posts (``DUTY_LAPSE_LOOKBACK_DAYS``,
    3): a lapse is told once when it happens, not listed for years in the daily digest."""
    return timedelta(days=float(getattr(settings, "DUTY_LAPSE_LOOKBACK_DAYS", 3)))
