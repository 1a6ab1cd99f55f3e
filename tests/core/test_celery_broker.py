"""With REDIS_URL set (production and CI), tasks really travel through Redis to a worker."""
import os
import time

import pytest
from django.core import mail

from innbyggerstemmen.core.models import OutgoingEmail


@pytest.mark.django_db(transaction=True)
def test_email_task_travels_through_the_broker_to_a_worker(settings):
    from celery.contrib.testing.worker import start_worker

    from innbyggerstemmen.celery import app
    from innbyggerstemmen.core.tasks import send_email

    redis_url = os.environ.get("REDIS_URL") or "memory://"
    app.conf.update(broker_url=redis_url, task_always_eager=False)
    email = OutgoingEmail.objects.create(to="a@example.no", subject="Via megler", body="x")
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            send_email.delay(email.pk)
            deadline = time.monotonic() + 20
            while not OutgoingEmail.objects.filter(pk=email.pk, sent_at__isnull=False).exists():
                assert time.monotonic() < deadline, "the worker did not send the e-mail"
                time.sleep(0.1)
    finally:
        app.conf.update(task_always_eager=True)
    email.refresh_from_db()
    assert email.sent_at is not None
    assert [m.subject for m in mail.outbox] == ["Via megler"]
