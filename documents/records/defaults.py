"""The office's starting archive classes and retention schedule [33]; both are edited in the admin.

Records' own classes and lines are here; each archive kind brings its class and its lines of the schedule
(``core.archive.ArchiveKind.archive_class`` and ``.schedule``), so a new kind of document needs no change here.

Used by ``seed_demo`` and by tests whose database was flushed. The data migration
(``migrations/0002_default_schedule.py``) holds its own frozen copy of these rows.
"""

from core import archive

# Records' own classes: (code, name, sort order); the line of the schedule each of its own kinds is filed under.
CLASSES = [("BGS", "办公室综合", 0), ("XH", "销毁清册", 3)]
OWN_LINES_CLASS = {"destruction_list": "XH", "any": "BGS"}


def default_classes() -> list[tuple[str, str, int]]:
    return [*CLASSES, *(kind.archive_class for kind in archive.all_kinds())]


def default_rules() -> list[tuple[str, str, str, int]]:
    """(schedule kind, retention, class code, priority) for every kind the schedule names."""
    from .models import RECORDS_SCHEDULE

    rules = [
        (line.key, line.retention, kind.archive_class[0], line.priority)
        for kind in archive.all_kinds()
        for line in kind.schedule
    ]
    return rules + [(line.key, line.retention, OWN_LINES_CLASS[line.key], line.priority) for line in RECORDS_SCHEDULE]


def ensure_default_schedule() -> None:
    """Create the default classes and a rule for every kind the schedule lacks. Idempotent."""
    from .models import ArchiveClass, RetentionRule

    classes = {}
    for code, name, order in default_classes():
        classes[code], _ = ArchiveClass.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order})
    for kind, retention, code, priority in default_rules():
        # Kinds the schedule does not cover yet are added; rules an administrator has edited are left alone.
        if not RetentionRule.objects.filter(kind=kind).exists():
            RetentionRule.objects.create(kind=kind, retention=retention, archive_class=classes[code], priority=priority)
