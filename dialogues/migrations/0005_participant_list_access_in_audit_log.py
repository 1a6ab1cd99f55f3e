"""One audit table: views and exports of a participant list are kept in core's audit log only.

Every access was written to both tables since the audit log exists; an access in
the meeting's own log without its twin in the audit log (from before it existed)
is copied there before the meeting's log is dropped, so no trace is lost.
"""
from datetime import timedelta

from django.db import migrations

ACTIONS = {"view": "personal_data_viewed", "export": "personal_data_exported"}


def copy_untwinned_accesses(apps, schema_editor):
    PersonalDataAccess = apps.get_model("dialogues", "PersonalDataAccess")
    AuditEvent = apps.get_model("core", "AuditEvent")
    for access in PersonalDataAccess.objects.select_related("user", "meeting").iterator():
        twins = AuditEvent.objects.filter(
            actor_id=access.user_id,
            action=ACTIONS[access.action],
            object_type="dialogues.Meeting",
            object_id=str(access.meeting_id),
            at__range=(access.at - timedelta(seconds=5), access.at + timedelta(seconds=5)),
        )
        if not twins.exists():
            event = AuditEvent.objects.create(
                actor_id=access.user_id,
                actor_label=access.user.email if access.user else "",
                action=ACTIONS[access.action],
                object_type="dialogues.Meeting",
                object_id=str(access.meeting_id),
                object_label=access.meeting.title[:255],
                detail="participant list",
            )
            AuditEvent.objects.filter(pk=event.pk).update(at=access.at)  # keep when it happened


class Migration(migrations.Migration):

    dependencies = [
        ('dialogues', '0004_email_case_insensitive_index'),
        ('core', '0005_email_case_insensitive_index'),
    ]

    operations = [
        migrations.RunPython(copy_untwinned_accesses, migrations.RunPython.noop),
        migrations.DeleteModel(
            name='PersonalDataAccess',
        ),
    ]
