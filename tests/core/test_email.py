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
