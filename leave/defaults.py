"""The national kinds of leave the office starts with [54]; the administrator edits them afterwards.

Used by the demo and by tests whose database was flushed (a transactional test empties every table, the
data migration's rows included). ``migrations/0002_seed_leave_kinds.py`` holds its own frozen copy; a test
keeps the two in step.
"""

from __future__ import annotations

from .models import LeaveKind

# name, category, requires destination, allows 事后补办, counts as 年休假
KINDS = [
    ("出差", "trip", True, False, False),
    ("学习培训", "study", True, False, False),
    ("事假", "leave", False, False, False),
    ("病假", "leave", False, True, False),  # an illness does not wait: reported afterwards, with a note
    ("年休假", "leave", False, False, True),
    ("婚假", "leave", False, False, False),
    ("产假", "leave", False, True, False),  # a birth may come early
    ("陪产假", "leave", False, True, False),
    ("探亲假", "leave", True, False, False),
    ("丧假", "leave", False, True, False),  # a death does not wait either
    ("其他", "leave", False, False, False),
]


def ensure_default_kinds() -> None:
    """Create the kinds that are missing; never change one an administrator edited. Idempotent."""
    for order, (name, category, destination, retroactive, annual) in enumerate(KINDS, start=1):
        LeaveKind.objects.get_or_create(
            name=name,
            defaults={
                "category": category,
                "requires_destination": destination,
                "allows_retroactive": retroactive,
                "is_annual_leave": annual,
                "active": True,
                "sort_order": order * 10,
            },
        )
