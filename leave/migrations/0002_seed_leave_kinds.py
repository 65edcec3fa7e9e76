"""The national kinds of leave, as the office starts with them; the administrator edits them afterwards.

Frozen here (historical models only): later changes to the code's idea of the kinds never rewrite this.
"""

from django.db import migrations

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


def seed(apps, schema_editor):
    LeaveKind = apps.get_model("leave", "LeaveKind")
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


class Migration(migrations.Migration):
    dependencies = [("leave", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
