from django.core import mail

from innbyggerstemmen.core.models import OutgoingEmail
from innbyggerstemmen.core.services import email_queue, email_send


def test_an_email_is_sent_once_even_if_the_task_runs_twice(db):
    email = email_queue(to="a@example.no", subject="Hei", body="Tekst")
    assert len(mail.outbox) == 1  # sent by the task on commit (eager in tests)
    assert email_send(email_id=email.pk) is False
    assert len(mail.outbox) == 1


def test_dedupe_key_queues_nothing_twice(db):
    assert email_queue(to="a@example.no", subject="Påminnelse", body="x", dedupe_key="reminder:1:48") is not None
    assert email_queue(to="a@example.no", subject="Påminnelse", body="x", dedupe_key="reminder:1:48") is None
    assert OutgoingEmail.objects.count() == 1 and len(mail.outbox) == 1


def test_attachments_are_sent(db):
    email_queue(
        to="a@example.no",
        subject="Møte",
        body="x",
        attachments=[{"filename": "mote.ics", "mimetype": "text/calendar", "content": "BEGIN:VCALENDAR"}],
    )
    assert mail.outbox[0].attachments[0][0] == "mote.ics"


def test_many_emails_are_queued_at_once_and_each_key_only_once(db):
    from innbyggerstemmen.core.services import email_queue_many

    email_queue(to="a@example.no", subject="Påminnelse", body="x", dedupe_key="many:a")
    created = email_queue_many(emails=[
        {"to": f"{who}@example.no", "subject": "Påminnelse\n", "body": f"Hei {who}", "dedupe_key": f"many:{who}"}
        for who in ["a", "b", "c", "b"]
    ])
    assert sorted(e.to for e in created) == ["b@example.no", "c@example.no"]
    assert all(e.pk for e in created)
    assert email_queue_many(emails=[{"to": "c@example.no", "subject": "P", "body": "x", "dedupe_key": "many:c"}]) == []
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.no", "b@example.no", "c@example.no"]
    assert [m.body for m in mail.outbox if m.to == ["b@example.no"]] == ["Hei b"]
    assert OutgoingEmail.objects.count() == 3
