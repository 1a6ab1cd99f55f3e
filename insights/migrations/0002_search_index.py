"""Full-text search index on PostgreSQL: a GIN index on the same expression the search uses.

SQLite has no GIN indexes; there the search falls back to a substring match, so
this migration does nothing.
"""
from django.db import migrations

from insights.search import SEARCH_INDEX_NAME, search_index


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.add_index(apps.get_model("insights", "Insight"), search_index())


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {SEARCH_INDEX_NAME}")


class Migration(migrations.Migration):
    dependencies = [("insights", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
