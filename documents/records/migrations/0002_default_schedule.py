"""The office's starting archive classes and retention schedule [33]; both are edited in the admin."""

from django.db import migrations

CLASSES = [("BGS", "办公室综合", 0), ("SW", "收文", 1), ("FW", "发文", 2), ("XH", "销毁清册", 3)]
RULES = [
    ("incoming_request", "D30", "SW", 10),
    ("incoming_handle", "D30", "SW", 20),
    ("incoming_read", "D10", "SW", 30),
    ("incoming_any", "D10", "SW", 40),
    ("destruction_list", "Y", "XH", 50),
    ("any", "D30", "BGS", 100),
]


def create(apps, schema_editor):
    ArchiveClass = apps.get_model("records", "ArchiveClass")
    RetentionRule = apps.get_model("records", "RetentionRule")
    classes = {}
    for code, name, order in CLASSES:
        classes[code], _ = ArchiveClass.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order})
    if not RetentionRule.objects.exists():
        for kind, retention, code, priority in RULES:
            RetentionRule.objects.create(kind=kind, retention=retention, archive_class=classes[code], priority=priority)


class Migration(migrations.Migration):
    dependencies = [("records", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
