"""A trigram index on the insight text (PostgreSQL), so a search word misspelt by a letter ("ungdon") still finds
"ungdom" through an index. pg_trgm comes from core 0004. SQLite has neither; there this does nothing."""
from django.db import migrations

INDEX = "insight_text_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON insights_insight USING gin (text gin_trgm_ops)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("insights", "0011_insight_said_on"), ("core", "0004_audit_search_indexes")]
    operations = [migrations.RunPython(create, drop, elidable=False)]
