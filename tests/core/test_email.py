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


class WorkerKilled(BaseException):
    """What SIGKILL looks like from inside: nothing after it runs, no except clause catches it."""


class DyingBackend(locmem.EmailBackend):
    """Delivers ``lives`` e-mails, then the worker dies while talking to the mail server."""

    lives = 0

    def send_messages(self, messages):
        if DyingBackend.lives <= 0:
            raise WorkerKilled
        DyingBackend.lives -= 1
        return super().send_messages(messages)


def _queued(n, prefix):
    return [
        OutgoingEmail.objects.create(to=f"{prefix}{i}@example.no", subject="Invitasjon", body="x").pk for i in range(n)
    ]


def test_a_worker_killed_mid_batch_leaves_every_email_to_be_sent_exactly_once(db, settings):
    from datetime import timedelta

    from django.utils import timezone

    from innbyggerstemmen.core.services import emails_send, emails_sweep

    settings.EMAIL_BACKEND = "tests.core.test_email.DyingBackend"
    ids = _queued(10, "elev")
    DyingBackend.lives = 4
    with pytest.raises(WorkerKilled):
        emails_send(email_ids=ids)
    # What reached the mail server is marked sent; nothing else is.
    assert len(mail.outbox) == 4
    assert OutgoingEmail.objects.filter(sent_at__isnull=False).count() == 4

    # Redelivery of the lost task and the sweeper together: still once each.
    DyingBackend.lives = 100
    emails_send(email_ids=ids)
    assert emails_sweep(now=timezone.now() + timedelta(minutes=5)) == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted(f"elev{i}@example.no" for i in range(10))


def test_the_sweeper_sends_what_lost_its_task_within_minutes(db):
    from datetime import timedelta

    from django.utils import timezone

    from innbyggerstemmen.core.services import emails_sweep

    _queued(3, "tapt")  # rows whose task never ran (the broker was down)
    assert emails_sweep() == 0  # too young: their own task may still come
    assert emails_sweep(now=timezone.now() + timedelta(minutes=4)) == 3
    assert len(mail.outbox) == 3 and not OutgoingEmail.objects.filter(sent_at__isnull=True).exists()


def test_a_line_break_in_a_subject_does_not_drop_the_email(db):
    email_queue(to="a@example.no", subject="Møte\r\nBcc: angriper@example.no", body="x")
    assert len(mail.outbox) == 1 and mail.outbox[0].subject == "Møte Bcc: angriper@example.no"
    assert mail.outbox[0].bcc == []


def test_an_email_the_mail_library_refuses_is_recorded_as_failed_not_retried(db):
    from innbyggerstemmen.core.services import emails_send

    bad = OutgoingEmail.objects.create(to="a@example.no", subject="Møte\rX", body="x")  # written around the queue
    assert emails_send(email_ids=[bad.pk]) == 0
    bad.refresh_from_db()
    assert bad.failed_at is not None and bad.sent_at is None and "BadHeaderError" in bad.last_error


def test_after_max_attempts_an_email_is_given_up_and_shown_as_failed(db, settings, admin_client):
    from innbyggerstemmen.core.services import emails_send

    settings.EMAIL_BACKEND = "tests.core.test_email.CountingBackend"
    email = OutgoingEmail.objects.create(to="refused@example.no", subject="P", body="x")
    for _ in range(OutgoingEmail.MAX_ATTEMPTS):
        with pytest.raises(OSError):
            emails_send(email_ids=[email.pk])
    email.refresh_from_db()
    assert email.failed_at is not None and email.attempts == OutgoingEmail.MAX_ATTEMPTS
    assert emails_send(email_ids=[email.pk]) == 0  # given up: no further attempt
    page = admin_client.get("/admin/core/outgoingemail/?delivery=failed").content.decode()
    assert "refused@example.no" in page and "550 mailbox unavailable" in page


def test_the_admin_never_shows_an_email_body_with_its_personal_link(db, admin_client):
    email = OutgoingEmail.objects.create(to="a@example.no", subject="Din lenke", body="http://x/u/p/HEMMELIG-TOKEN/")
    page = admin_client.get(f"/admin/core/outgoingemail/{email.pk}/change/").content.decode()
    assert "Din lenke" in page and "HEMMELIG-TOKEN" not in page


def test_a_broker_outage_does_not_fail_what_queued_the_email(db, monkeypatch):
    from kombu.exceptions import OperationalError

    from innbyggerstemmen.core import tasks

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.send_email, "delay", broker_down)
    email = email_queue(to="a@example.no", subject="Bekreftelse", body="x")
    assert OutgoingEmail.objects.get(pk=email.pk).sent_at is None  # kept for the sweeper
