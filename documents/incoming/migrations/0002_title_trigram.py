"""Chinese substring search on the title: pg_trgm GIN index on UPPER(title) (PERFORMANCE.md).

Django's icontains compiles to UPPER(title) LIKE UPPER('%…%'), so the index is on the expression. Needs a
UTF-8 LC_CTYPE for CJK trigrams. PostgreSQL only; on SQLite the search simply scans.
"""

from django.db import migrations

INDEX = "incoming_title_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON incoming_incomingdocument USING gin (UPPER(title) gin_trgm_ops)"
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS incoming_sender_number_trgm ON incoming_incomingdocument "
        "USING gin (UPPER(sender_number) gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    schema_editor.execute("DROP INDEX IF EXISTS incoming_sender_number_trgm")


class Migration(migrations.Migration):
    dependencies = [("incoming", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
