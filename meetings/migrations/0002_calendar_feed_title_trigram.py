"""会议: the person's calendar feed (ICS) secret, and a pg_trgm index for searching meeting titles.

Django's icontains compiles to UPPER(title) LIKE UPPER('%…%'), so the index is on the expression
(PERFORMANCE.md: Chinese search). PostgreSQL only; on SQLite the search simply scans.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

INDEX = "meetings_title_trgm"


def create_trigram(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON meetings_meeting USING gin (UPPER(title) gin_trgm_ops)"
    )


def drop_trigram(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="CalendarFeed",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("salt", models.CharField(max_length=64, verbose_name="密钥盐")),
                ("reset_at", models.DateTimeField(auto_now_add=True, verbose_name="重置时间")),
                (
                    "person",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="meetings_feed",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="人员",
                    ),
                ),
            ],
            options={
                "verbose_name": "会议日历订阅",
                "verbose_name_plural": "会议日历订阅",
            },
        ),
        migrations.RunPython(create_trigram, drop_trigram),
    ]
