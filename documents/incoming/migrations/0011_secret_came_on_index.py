"""Classified papers still with the office, by the day they came in (issue 13): the custody reminder [31] reads the
first of those never placed in the safe off this index instead of sorting every one (records'
``CustodySource._first``). The day is the office's (settings.TIME_ZONE), as Django's TruncDate writes it. PostgreSQL
only; SQLite sorts."""

from django.conf import settings
from django.db import migrations

INDEX = "incoming_secret_came_on"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    zone = settings.TIME_ZONE.replace("'", "")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON incoming_incomingdocument "
        f"(((created_at AT TIME ZONE '{zone}')::date), id) "
        "WHERE secret_level > 0 AND state NOT IN ('filed', 'sent_back')"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("incoming", "0010_sender_key_trigram")]
    operations = [migrations.RunPython(create, drop)]
