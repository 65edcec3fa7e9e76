"""The office's starting archive classes and retention schedule [33]; both are edited in the admin.

Used by the data migration, by ``seed_demo`` and by tests whose database was flushed.
"""

CLASSES = [("BGS", "办公室综合", 0), ("SW", "收文", 1), ("FW", "发文", 2), ("XH", "销毁清册", 3)]
RULES = [
    ("incoming_request", "D30", "SW", 10),
    ("incoming_handle", "D30", "SW", 20),
    ("incoming_read", "D10", "SW", 30),
    ("incoming_any", "D10", "SW", 40),
    ("outgoing_normative", "Y", "FW", 11),
    ("outgoing_important", "Y", "FW", 12),
    ("outgoing_letter", "D10", "FW", 13),
    ("outgoing_any", "D30", "FW", 45),
    ("destruction_list", "Y", "XH", 50),
    ("any", "D30", "BGS", 100),
]


def ensure_default_schedule(archive_class_model=None, retention_rule_model=None) -> None:
    """Create the default classes and a rule for every kind the schedule lacks. Idempotent."""
    if archive_class_model is None:
        from .models import ArchiveClass as archive_class_model
        from .models import RetentionRule as retention_rule_model
    classes = {}
    for code, name, order in CLASSES:
        classes[code], _ = archive_class_model.objects.get_or_create(
            code=code, defaults={"name": name, "sort_order": order}
        )
    for kind, retention, code, priority in RULES:
        # Kinds the schedule does not cover yet are added; rules an administrator has edited are left alone.
        if not retention_rule_model.objects.filter(kind=kind).exists():
            retention_rule_model.objects.create(
                kind=kind, retention=retention, archive_class=classes[code], priority=priority
            )
