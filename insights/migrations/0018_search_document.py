"""The insight text's tsvector, stored (a generated column) with a GIN index on PostgreSQL: search ranks
thousands of matches by reading it instead of parsing every text again. It replaces 0002's index on the
expression. On SQLite the column stays empty and has no index.

Adding a stored column rewrites the table: at a million insights, about a minute with the table locked.
"""
import django.contrib.postgres.search
from django.db import migrations, models

import insights.search

OLD_INDEX = "insight_text_search_gin"
INDEX = "insight_document_gin"


def index_the_document(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {OLD_INDEX}")
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON insights_insight USING gin (search_document)")


def index_the_expression(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
        schema_editor.add_index(apps.get_model("insights", "Insight"), insights.search.search_index())


class Migration(migrations.Migration):
    dependencies = [("insights", "0017_national_themes")]

    operations = [
        migrations.AddField(
            model_name="insight",
            name="search_document",
            field=models.GeneratedField(
                db_persist=True,
                expression=insights.search.SearchDocument("text"),
                output_field=django.contrib.postgres.search.SearchVectorField(null=True),
            ),
        ),
        migrations.RunPython(index_the_document, index_the_expression, elidable=False),
    ]
