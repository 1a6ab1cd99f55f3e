"""Outgoing e-mail: queued as rows, sent by Celery tasks in batches over one mail connection, each marked sent once."""
from __future__ import annotations

import base64
import logging
from collections.abc import Iterable
from contextlib import contextmanager

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db import connection as db_connection
from django.db.models import F, QuerySet
from django.db.models.functions import Upper
from django.template.loader import render_to_string
from django.utils import timezone

from .models import OutgoingEmail
from .task_queue import STALLED_AFTER, enqueue, enqueue_on_commit

logger = logging.getLogger(__name__)

EMAIL_BATCH_SIZE = 500
# E-mails queued together are sent by one task over one connection to the mail server, this many at a time.
EMAIL_SEND_BATCH_SIZE = 100


def email_queue(
    *,
    to: str,
    subject: str,
    body: str,
    html_body: str = "",
    attachments: list[dict] | None = None,
    dedupe_key: str | None = None,
    headers: dict | None = None,
) -> OutgoingEmail | None:
    """Store one e-mail and send it through Celery once the transaction commits.

    Attachments are dicts with filename, mimetype and content (text) or content_b64.
    With a ``dedupe_key`` an e-mail already queued under that key is not queued
    again (returns None).
    """
    from .tasks import send_email

    try:
        with transaction.atomic():
            email = OutgoingEmail.objects.create(
                to=to,
                subject=_one_line(subject),
                body=body,
                html_body=html_body,
                attachments=attachments or [],
                dedupe_key=dedupe_key,
                headers=headers or {},
            )
    except IntegrityError:
        if dedupe_key and OutgoingEmail.objects.filter(dedupe_key=dedupe_key).exists():
            return None
        raise
    enqueue_on_commit(send_email, email.pk)
    return email


def email_queue_many(*, emails: Iterable[dict]) -> list[OutgoingEmail]:
    """Store many e-mails in one insert and send them through Celery once the transaction commits.

    Each dict has ``to``, ``subject``, ``body``, ``dedupe_key`` (required here) and optionally
    ``html_body`` and ``attachments``. As with ``email_queue``, an e-mail whose key is already
    queued is not queued again. Returns the rows created now.
    """
    from .tasks import send_emails

    rows = {}
    for email in emails:
        key = email.get("dedupe_key")
        if not key:
            raise ValueError("email_queue_many needs a dedupe_key for every e-mail.")
        rows.setdefault(key, OutgoingEmail(
            to=email["to"],
            subject=_one_line(email["subject"]),
            body=email["body"],
            html_body=email.get("html_body", ""),
            attachments=email.get("attachments") or [],
            dedupe_key=key,
        ))
    if not rows:
        return []
    with transaction.atomic():
        queued_before = set(
            OutgoingEmail.objects.filter(dedupe_key__in=list(rows)).values_list("dedupe_key", flat=True)
        )
        new_keys = [key for key in rows if key not in queued_before]
        OutgoingEmail.objects.bulk_create(
            [rows[key] for key in new_keys], ignore_conflicts=True, batch_size=EMAIL_BATCH_SIZE
        )
        # The insert does not return ids when conflicts are ignored: read the new rows back by key.
        created = list(OutgoingEmail.objects.filter(dedupe_key__in=new_keys).order_by("pk"))
    for start in range(0, len(created), EMAIL_SEND_BATCH_SIZE):
        enqueue_on_commit(send_emails, [email.pk for email in created[start : start + EMAIL_SEND_BATCH_SIZE]])
    return created


def email_render(*, template: str, context: dict) -> dict:
    """Render ``<template>_subject.txt``, ``<template>.txt`` and ``.html`` (if present) to subject, body, html_body."""
    context = {"SITE_URL": settings.SITE_URL, **context}
    subject = render_to_string(f"{template}_subject.txt", context)
    body = render_to_string(f"{template}.txt", context)
    try:
        html_body = render_to_string(f"{template}.html", context)
    except Exception:  # noqa: BLE001 - the HTML part is optional
        html_body = ""
    return {"subject": subject, "body": body, "html_body": html_body}


def email_queue_from_templates(
    *, to: str, template: str, context: dict, attachments=None, dedupe_key=None, headers=None
) -> OutgoingEmail | None:
    """Render ``<template>_subject.txt``, ``<template>.txt`` (and ``.html`` if present) and queue them."""
    return email_queue(
        to=to,
        **email_render(template=template, context=context),
        attachments=attachments,
        dedupe_key=dedupe_key,
        headers=headers,
    )


def _one_line(subject: str) -> str:
    # A line break in a header would be refused by the mail library (BadHeaderError): a crafted
    # meeting title must not drop the e-mail.
    return " ".join(subject.split())


def emails_unsent() -> QuerySet[OutgoingEmail]:
    """E-mails still to send: not sent, not given up, not cancelled."""
    return OutgoingEmail.objects.filter(sent_at__isnull=True, failed_at__isnull=True, cancelled_at__isnull=True)


def emails_send(*, email_ids: list[int]) -> int:
    """Send the queued e-mails among ``email_ids``, each exactly once; returns how many were sent now.

    One connection to the mail server; one short transaction per e-mail that locks its row,
    marks it sent, hands it to the mail server and commits, so a worker killed mid-batch has
    marked every e-mail the server accepted (its open transaction rolls back: that one is
    unsent and sent later), and a second sender waits for a row being sent, then finds it sent. A refused
    e-mail does not hold back the rest: its error is recorded on the row, and an error worth a
    retry (the mail server did not answer) is raised after the others, so the task's retry,
    or later the sweeper, sends it.
    """
    sent, retry = 0, None
    # The contents are read at once; whether each is still to be sent is decided under its row lock.
    queued = emails_unsent().in_bulk(email_ids)
    if not queued:
        return 0
    with get_connection(timeout=settings.EMAIL_TIMEOUT) as connection, _commits_without_disk_wait():
        for email_id in sorted(queued):
            try:
                with transaction.atomic():
                    if not _email_mark_sent(email_id):
                        continue  # sent (perhaps by another worker meanwhile), given up or cancelled
                    _message(queued[email_id], connection).send()
                sent += 1
            except (OSError, ValueError) as error:  # OSError: SMTP and network; ValueError: BadHeaderError
                permanent = isinstance(error, ValueError)
                _record_failure(email_id, error, permanent=permanent)
                if not permanent:
                    retry = retry or error
    if retry is not None:
        raise retry
    return sent


def _email_mark_sent(email_id: int) -> bool:
    """Lock the e-mail's row and mark it sent in one statement, inside the caller's transaction.

    False when it is no longer to be sent. A row another worker is sending is waited for (one
    short transaction), then found sent. Marked before the mail server is asked and committed the
    moment it accepts: a kill between the two (the only way to send twice) is one quick commit
    wide. One plain UPDATE by primary key instead of a locked SELECT and a save: 10,000 reminders
    took about 6 ms each, mostly those round trips and their planning.
    """
    marked = emails_unsent().filter(pk=email_id).update(sent_at=timezone.now(), attempts=F("attempts") + 1)
    return marked == 1


@contextmanager
def _commits_without_disk_wait():
    """Let each commit inside return before PostgreSQL has flushed it to disk.

    Only a database crash in that fraction of a second can undo a mark (and send that e-mail
    again); a killed worker, the common case, cannot. Set once for the batch, not per e-mail:
    a round trip less for each.
    """
    if db_connection.vendor != "postgresql" or db_connection.in_atomic_block:
        yield  # inside a caller's transaction its own commit decides
        return
    with db_connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        with db_connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


def _record_failure(email_id: int, error: Exception, *, permanent: bool) -> None:
    logger.warning("E-mail %s could not be sent: %s", email_id, error)
    email = OutgoingEmail.objects.get(pk=email_id)
    email.attempts += 1
    email.last_error = f"{type(error).__name__}: {error}"[:1000]
    if permanent or email.attempts >= OutgoingEmail.MAX_ATTEMPTS:
        email.failed_at = timezone.now()
    email.save(update_fields=["attempts", "last_error", "failed_at"])


def emails_sweep(*, now=None) -> int:
    """Queue again every unsent e-mail older than STALLED_AFTER; returns how many. Run every minute by beat."""
    from .tasks import send_emails

    cutoff = (now or timezone.now()) - STALLED_AFTER
    ids = list(emails_unsent().filter(created_at__lt=cutoff).order_by("pk").values_list("pk", flat=True)[:5000])
    for start in range(0, len(ids), EMAIL_SEND_BATCH_SIZE):
        enqueue(send_emails, ids[start : start + EMAIL_SEND_BATCH_SIZE])
    return len(ids)


def emails_cancel_to(*, emails: Iterable[str]) -> int:
    """Cancel every unsent e-mail to these addresses (their person's data is being erased)."""
    addresses = [address.upper() for address in emails if address]
    if not addresses:
        return 0
    return emails_unsent().annotate(to_upper=Upper("to")).filter(to_upper__in=addresses).update(
        cancelled_at=timezone.now()
    )


def email_send(*, email_id: int) -> bool:
    """Send one queued e-mail unless it was already sent. Returns True when it was sent now."""
    return emails_send(email_ids=[email_id]) == 1


def _message(email: OutgoingEmail, connection) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        connection=connection,
        headers=email.headers or None,
    )
    if email.html_body:
        message.attach_alternative(email.html_body, "text/html")
    for attachment in email.attachments:
        content = base64.b64decode(attachment["content_b64"]) if "content_b64" in attachment else attachment["content"]
        message.attach(attachment["filename"], content, attachment.get("mimetype"))
    return message
