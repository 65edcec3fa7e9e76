"""A trigram index on the 来文字号's key (issue 13): a number typed whole or in part ("〔2018〕324号") is found
inside the key by the index at 1M documents, where the two-character pieces of a number (杂财, 财〔, 4号) let
thousands of rows through to the re-check. PostgreSQL only (pg_trgm, created by 0002); SQLite scans."""

from django.db import migrations

INDEX = "incoming_sender_key_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON incoming_incomingdocument USING gin (sender_key gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("incoming", "0009_unfiled_year_index")]
    operations = [migrations.RunPython(create, drop)]
