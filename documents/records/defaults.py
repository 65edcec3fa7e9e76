"""The office's starting archive classes and retention schedule [33]; both are edited in the admin.

Used by the data migration, by ``seed_demo`` and by tests whose database was flushed.
"""

CLASSES = [("BGS", "办公室综合", 0), ("SW", "收文", 1), ("FW", "发文", 2), ("XH", "销毁清册", 3)]
RULES = [
    ("incoming_request", "D30", "SW", 10),
    ("incoming_handle", "D30", "SW", 20),
    ("incoming_read", "D10", "SW", 30),
    ("incoming_any", "D10", "SW", 40),
    ("destruction_list", "Y", "XH", 50),
    ("any", "D30", "BGS", 100),
]


def ensure_default_schedule(archive_class_model=None, retention_rule_model=None) -> None:
    """Create the default classes, and the schedule if there is none yet. Idempotent."""
    if archive_class_model is None:
        from .models import ArchiveClass as archive_class_model
        from .models import RetentionRule as retention_rule_model
    classes = {}
    for code, name, order in CLASSES:
        classes[code], _ = archive_class_model.objects.get_or_create(
            code=code, defaults={"name": name, "sort_order": order}
        )
    if not retention_rule_model.objects.exists():
        for kind, retention, code, priority in RULES:
            retention_rule_model.objects.create(
                kind=kind, retention=retention, archive_class=classes[code], priority=priority
            )
