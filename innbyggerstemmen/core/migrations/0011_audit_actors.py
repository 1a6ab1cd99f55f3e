"""Find one person's audit events through the list of everyone the log has named (core.AuditActor).

The trigram index on the events' "who" read most of the log for a part of an address, since every
address shares its common trigrams; a short list of the distinct names is searched instead, and the
events are read by their exact name (audit_actor_idx). The object search keeps its trigram index.
"""
from django.conf import settings
from django.db import migrations, models

ACTOR_TRIGRAM_INDEX = "audit_actor_trgm_idx"


def name_everyone_logged(apps, schema_editor):
    AuditActor = apps.get_model("core", "AuditActor")
    AuditEvent = apps.get_model("core", "AuditEvent")
    labels = AuditEvent.objects.exclude(actor_label="").order_by().values_list("actor_label", flat=True).distinct()
    AuditActor.objects.bulk_create((AuditActor(label=label) for label in labels.iterator()), batch_size=1000)


def drop_actor_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {ACTOR_TRIGRAM_INDEX}")


def create_actor_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX {ACTOR_TRIGRAM_INDEX} ON core_auditevent USING gin (UPPER(actor_label::text) gin_trgm_ops)"
        )


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0010_outgoing_email_headers'),
        # Its events name people too, and must be in the list.
        ('dialogues', '0005_participant_list_access_in_audit_log'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='AuditActor',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('label', models.CharField(max_length=254, unique=True, verbose_name='who')),
            ],
            options={
                'verbose_name': 'person in the audit log',
                'verbose_name_plural': 'people in the audit log',
            },
        ),
        migrations.AddIndex(
            model_name='auditevent',
            index=models.Index(fields=['actor_label'], name='audit_actor_idx'),
        ),
        migrations.RunPython(name_everyone_logged, migrations.RunPython.noop),
        migrations.RunPython(drop_actor_trigram_index, create_actor_trigram_index),
    ]
