from django.db import migrations

# Titles: the desk's search is icontains (UPPER(title) LIKE UPPER('%…%')) and repeat detection is pg_trgm
# similarity on UPPER(title) within a township [48]; one GIN index on the expression serves both
# (PERFORMANCE.md: Chinese search). PostgreSQL only; on SQLite both scan.
TRGM = "petitions_title_trgm"


def create_trigram(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {TRGM} ON petitions_case USING gin (UPPER(title) gin_trgm_ops)")


def drop_trigram(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {TRGM}")


class Migration(migrations.Migration):
    dependencies = [("petitions", "0001_initial")]

    operations = [migrations.RunPython(create_trigram, drop_trigram)]
