"""值班: the shifts the office starts with (a frozen copy of ``duty.defaults.KINDS``), and pg_trgm indexes for
searching the duty log (值班日志, 1,000,000 entries in the benchmark).

Django's icontains compiles to UPPER(col) LIKE UPPER('%…%'), so the indexes are on the expressions
(PERFORMANCE.md: Chinese search). PostgreSQL only; on SQLite the search simply scans.
"""

from datetime import time

from django.db import migrations

KINDS = [
    ("weekday-night", "工作日夜班", "workday", time(17, 30), time(8, 30)),
    ("weekend-day", "休息日白班", "weekend", time(8, 30), time(17, 30)),
    ("weekend-night", "休息日夜班", "weekend", time(17, 30), time(8, 30)),
    ("holiday-day", "节假日白班", "holiday", time(8, 30), time(17, 30)),
    ("holiday-night", "节假日夜班", "holiday", time(17, 30), time(8, 30)),
]
INDEXES = {
    "duty_log_content_trgm": "content",
    "duty_log_caller_trgm": "caller",
    "duty_log_action_trgm": "action_taken",
}


def seed(apps, schema_editor):
    ShiftKind = apps.get_model("duty", "ShiftKind")
    for order, (code, name, day_type, starts, ends) in enumerate(KINDS, start=1):
        ShiftKind.objects.get_or_create(
            code=code,
            defaults={"name": name, "day_type": day_type, "starts": starts, "ends": ends, "sort_order": order * 10},
        )


def create_trigram(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON duty_logentry USING gin (UPPER({column}) gin_trgm_ops)"
        )


def drop_trigram(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("duty", "0001_initial")]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.RunPython(create_trigram, drop_trigram),
    ]
