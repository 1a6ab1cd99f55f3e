"""Indexes for the audit log's filters: one action's events newest first, and the text search.

The search (``core.audit.audit_list``) is a case-insensitive substring match on who and what, which
a B-tree cannot answer: on PostgreSQL each column gets a trigram GIN index on the same UPPER()
expression Django's ``icontains`` uses, so a name that occurs a few times in a million events is
found without reading them all. SQLite has neither pg_trgm nor GIN; there this part does nothing.
"""
from django.conf import settings
from django.db import migrations, models

TRIGRAM_INDEXES = {"actor_label": "audit_actor_trgm_idx", "object_label": "audit_object_trgm_idx"}


def create_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # pg_trgm is a trusted extension (PostgreSQL 13+): the database's owner may create it.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for field, name in TRIGRAM_INDEXES.items():
        schema_editor.execute(f"CREATE INDEX {name} ON core_auditevent USING gin (UPPER({field}::text) gin_trgm_ops)")


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in TRIGRAM_INDEXES.values():
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0003_audit_recent_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='auditevent',
            name='action',
            field=models.CharField(choices=[('login', 'Signed in'), ('login_failed', 'Failed sign-in'), ('logout', 'Signed out'), ('permission_granted', 'Access granted'), ('permission_revoked', 'Access removed'), ('personal_data_viewed', 'Personal data viewed'), ('personal_data_exported', 'Personal data exported'), ('personal_data_erased', 'Personal data erased'), ('personal_data_anonymised', 'Personal data anonymised')], max_length=40, verbose_name='action'),
        ),
        migrations.AddIndex(
            model_name='auditevent',
            index=models.Index(fields=['action', '-at', '-id'], name='audit_action_recent_idx'),
        ),
        migrations.RunPython(create_trigram_indexes, drop_trigram_indexes, elidable=False),
    ]
