"""The office's starting archive classes and retention schedule [33], as they stood when this migration was
written. A migration is a frozen snapshot: it uses the historical models and its own copy of the data, never
``documents.records.defaults`` (which may change, and which tests and ``seed_demo`` use at run time).
"""

from django.db import migrations

CLASSES = [("BGS", "办公室综合", 0), ("SW", "收文", 1), ("FW", "发文", 2), ("XH", "销毁清册", 3)]
RULES = [
    # kind, retention, archive class, priority
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


def create(apps, schema_editor):
    ArchiveClass = apps.get_model("records", "ArchiveClass")
    RetentionRule = apps.get_model("records", "RetentionRule")
    classes = {}
    for code, name, order in CLASSES:
        classes[code], _ = ArchiveClass.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order})
    for kind, retention, code, priority in RULES:
        if not RetentionRule.objects.filter(kind=kind).exists():
            RetentionRule.objects.create(kind=kind, retention=retention, archive_class=classes[code], priority=priority)


class Migration(migrations.Migration):
    dependencies = [("records", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
