"""Outgoing e-mail: queued as rows, sent by Celery tasks in batches over one mail connection, each marked sent once."""
from __future__ import annotations

import base64
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone

from .models import OutgoingEmail

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
                subject=subject.strip().replace("\n", " "),
                body=body,
                html_body=html_body,
                attachments=attachments or [],
                dedupe_key=dedupe_key,
            )
    except IntegrityError:
        if dedupe_key and OutgoingEmail.objects.filter(dedupe_key=dedupe_key).exists():
            return None
        raise
    send_email.delay_on_commit(email.pk)
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
            subject=email["subject"].strip().replace("\n", " "),
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
        send_emails.delay_on_commit([email.pk for email in created[start : start + EMAIL_SEND_BATCH_SIZE]])
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
    *, to: str, template: str, context: dict, attachments=None, dedupe_key=None
) -> OutgoingEmail | None:
    """Render ``<template>_subject.txt``, ``<template>.txt`` (and ``.html`` if present) and queue them."""
    return email_queue(
        to=to, **email_render(template=template, context=context), attachments=attachments, dedupe_key=dedupe_key
    )


def emails_send(*, email_ids: list[int]) -> int:
    """Send queued e-mails not yet sent, over one connection to the mail server; returns how many were sent now.

    The rows are locked (rows another run holds are skipped: that run sends them) and marked sent
    together, so a large mailing costs one commit per batch, not one per e-mail. Should the worker
    die mid-batch, nothing is marked and the batch goes out again: duplicates at worst, never a
    lost e-mail. A refused e-mail does not hold back the rest; its error is recorded and raised
    once the others are marked, so the task's retry sends it.
    """
    sent, failures = [], []
    with transaction.atomic(), get_connection() as connection:
        emails = (
            OutgoingEmail.objects.select_for_update(skip_locked=True)
            .filter(pk__in=email_ids, sent_at__isnull=True)
            .order_by("pk")
        )
        for email in emails:
            try:
                _message(email, connection).send()
            except OSError as error:
                logger.warning("E-mail %s could not be sent: %s", email.pk, error)
                email.attempts += 1
                email.last_error = str(error)[:1000]
                email.save(update_fields=["attempts", "last_error"])
                failures.append(error)
            else:
                sent.append(email.pk)
        OutgoingEmail.objects.filter(pk__in=sent).update(sent_at=timezone.now(), attempts=F("attempts") + 1)
    if failures:
        raise failures[0]
    return len(sent)


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
    )
    if email.html_body:
        message.attach_alternative(email.html_body, "text/html")
    for attachment in email.attachments:
        content = base64.b64decode(attachment["content_b64"]) if "content_b64" in attachment else attachment["content"]
        message.attach(attachment["filename"], content, attachment.get("mimetype"))
    return message
