import pytest
from django.core import mail
from django.core.mail.backends import locmem

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


class CountingBackend(locmem.EmailBackend):
    """The test backend, counting the connections opened and refusing one address."""

    opened = 0
    refuse = "refused@example.no"

    def open(self):
        CountingBackend.opened += 1
        return super().open()

    def send_messages(self, messages):
        if any(self.refuse in message.to for message in messages):
            raise OSError("550 mailbox unavailable")
        return super().send_messages(messages)


def test_emails_queued_together_go_out_over_one_connection(db, settings):
    from innbyggerstemmen.core.services import EMAIL_SEND_BATCH_SIZE, email_queue_many

    settings.EMAIL_BACKEND = "tests.core.test_email.CountingBackend"
    CountingBackend.opened = 0
    count = EMAIL_SEND_BATCH_SIZE + 1
    email_queue_many(emails=[
        {"to": f"p{n}@example.no", "subject": "Påminnelse", "body": "x", "dedupe_key": f"batch:{n}"}
        for n in range(count)
    ])
    assert len(mail.outbox) == count
    assert CountingBackend.opened == 2  # one per batch, not one per e-mail
    assert not OutgoingEmail.objects.filter(sent_at__isnull=True).exists()


def test_one_refused_email_does_not_hold_back_the_others_and_is_sent_on_retry(db, settings):
    from innbyggerstemmen.core.services import emails_send

    settings.EMAIL_BACKEND = "tests.core.test_email.CountingBackend"
    ids = [
        OutgoingEmail.objects.create(to=f"{who}@example.no", subject="P", body="x", dedupe_key=f"refuse:{who}").pk
        for who in ["first", "refused", "last"]
    ]
    with pytest.raises(OSError):  # raised after the batch, so the task is retried
        emails_send(email_ids=ids)
    assert sorted(m.to[0] for m in mail.outbox) == ["first@example.no", "last@example.no"]
    refused = OutgoingEmail.objects.get(to="refused@example.no")
    assert refused.sent_at is None and "550" in refused.last_error
    CountingBackend.refuse = "nobody"
    try:
        assert emails_send(email_ids=ids) == 1  # the retry sends only what is still unsent
    finally:
        CountingBackend.refuse = "refused@example.no"
    assert sorted(m.to[0] for m in mail.outbox) == ["first@example.no", "last@example.no", "refused@example.no"]
