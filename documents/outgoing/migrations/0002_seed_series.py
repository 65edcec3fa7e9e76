"""The three 发文字号 series the office uses [30(5)]: 杂政〔2026〕12号, 杂政办〔2026〕3号, 杂政函〔2026〕5号.

More can be added in the admin. Seeded here (not in the demo) because numbering needs them in production.
"""

from django.db import migrations

SERIES = [
    # prefix, name, authority, header (发文机关标志), letter format, sort order
    ("杂政", "县人民政府文件", "government", "杂多县人民政府文件", False, 10),
    ("杂政办", "县政府办公室文件", "office", "杂多县人民政府办公室文件", False, 20),
    ("杂政函", "县人民政府函", "government", "杂多县人民政府", True, 30),
]


def seed(apps, schema_editor):
    Series = apps.get_model("outgoing", "Series")
    for prefix, name, authority, header, is_letter, order in SERIES:
        Series.objects.get_or_create(
            prefix=prefix,
            defaults={
                "name": name,
                "authority": authority,
                "header": header,
                "is_letter": is_letter,
                "sort_order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("outgoing", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
