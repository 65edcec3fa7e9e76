"""Chinese substring search on title, 发文字号 and 主送: pg_trgm GIN indexes on UPPER(…) (PERFORMANCE.md).

Django's icontains compiles to UPPER(col) LIKE UPPER('%…%'), so the indexes are on the expression. Needs a
UTF-8 LC_CTYPE for CJK trigrams. PostgreSQL only; on SQLite the search simply scans.
"""

from django.db import migrations

INDEXES = {
    "outgoing_title_trgm": "title",
    "outgoing_doc_number_trgm": "doc_number",
    "outgoing_main_recipients_trgm": "main_recipients",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON outgoing_outgoingdocument USING gin (UPPER({column}) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("outgoing", "0002_seed_series")]
    operations = [migrations.RunPython(create, drop)]
