"""The shifts the office starts with [41]; the administrator edits them afterwards (值班班次).

Used by the demo and by tests whose database was flushed. ``migrations/0002_seed_shift_kinds.py`` holds its own
frozen copy.
"""

from __future__ import annotations

from datetime import time

from .models import DayType, ShiftKind

# code, name, day type, starts, ends (at or before the start: the next day)
KINDS = [
    ("weekday-night", "工作日夜班", DayType.WORKDAY, time(17, 30), time(8, 30)),
    ("weekend-day", "休息日白班", DayType.WEEKEND, time(8, 30), time(17, 30)),
    ("weekend-night", "休息日夜班", DayType.WEEKEND, time(17, 30), time(8, 30)),
    ("holiday-day", "节假日白班", DayType.HOLIDAY, time(8, 30), time(17, 30)),
    ("holiday-night", "节假日夜班", DayType.HOLIDAY, time(17, 30), time(8, 30)),
]


def ensure_default_kinds() -> None:
    """Create the kinds that are missing; never change one an administrator edited. Idempotent."""
    for order, (code, name, day_type, starts, ends) in enumerate(KINDS, start=1):
        ShiftKind.objects.get_or_create(
            code=code,
            defaults={"name": name, "day_type": day_type, "starts": starts, "ends": ends, "sort_order": order * 10},
        )
