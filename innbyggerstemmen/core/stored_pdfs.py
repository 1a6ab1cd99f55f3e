"""The one way a PDF is made: asked for, rendered in a Celery task, stored, and given again while unchanged.

An app registers each PDF document it offers from its AppConfig.ready: a name and a
function that writes the document's HTML for one object in one language. Asking for a
PDF renders that HTML without a date and hashes it with the language: a PDF of exactly
that content is given again as it is; one being made is waited for; otherwise a pending
row is made and the rendering task queued when the transaction commits. Pages show the
row's state with core/pdf/_status.html, which htmx polls while it is pending.
"""
from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from .language import reading_language
from .models import StoredPdf
from .pdf import html_to_pdf
from .task_queue import enqueue, enqueue_on_commit

logger = logging.getLogger(__name__)

# A pending PDF older than this has lost its task (worker restarted); asking again queues it anew.
STALE_AFTER = timedelta(seconds=getattr(settings, "CELERY_TASK_TIME_LIMIT", 300) * 2)


@dataclass(frozen=True)
class PdfDocument:
    name: str
    # html(subject_id, language=…, generated_at=…): the document's HTML; generated_at is None when only
    # its content is asked for (the fingerprint), so a date printed on it does not make every PDF new.
    html: Callable[..., str]


_DOCUMENTS: dict[str, PdfDocument] = {}


def register_pdf_document(document: PdfDocument) -> None:
    _DOCUMENTS[document.name] = document


def _html(document: str, subject_id: int, language: str, generated_at: datetime | None) -> str:
    with translation.override(language):
        return _DOCUMENTS[document].html(subject_id, language=language, generated_at=generated_at)


def stored_pdf_request(*, document: str, subject_id: int, language: str | None = None, user=None) -> StoredPdf:
    """Ask for the PDF of ``document`` about ``subject_id`` in ``language``; returns its row (without the bytes)."""
    language = reading_language(language)
    content = _html(document, subject_id, language, None)
    fingerprint = hashlib.sha256(f"{language}\n{content}".encode()).hexdigest()
    now = timezone.now()
    with transaction.atomic():
        row, created = (
            StoredPdf.objects.select_for_update()
            .defer("content")
            .get_or_create(
                document=document,
                subject_id=subject_id,
                content_fingerprint=fingerprint,
                defaults={"language": language, "requested_by": user},
            )
        )
        queue = created
        if row.status == StoredPdf.Status.FAILED or (
            row.status == StoredPdf.Status.PENDING and not created and row.requested_at < now - STALE_AFTER
        ):
            row.status, row.error, row.requested_at, row.requested_by = StoredPdf.Status.PENDING, "", now, user
            row.save(update_fields=["status", "error", "requested_at", "requested_by"])
            queue = True
        elif row.status == StoredPdf.Status.READY and not created:
            # Given again: it is the latest, so the page offers it.
            row.requested_at = now
            row.save(update_fields=["requested_at"])
        if queue:
            from .tasks import generate_stored_pdf

            enqueue_on_commit(generate_stored_pdf, row.pk)
    return StoredPdf.objects.defer("content").get(pk=row.pk)


def stored_pdfs_requeue_stalled(*, now=None) -> int:
    """Queue again every pending PDF whose task was lost (a broker outage, a killed worker); returns how many."""
    from .tasks import generate_stored_pdf

    cutoff = (now or timezone.now()) - STALE_AFTER
    ids = list(
        StoredPdf.objects.filter(status=StoredPdf.Status.PENDING, requested_at__lt=cutoff).values_list("pk", flat=True)
    )
    for pdf_id in ids:
        enqueue(generate_stored_pdf, pdf_id)
    return len(ids)


def stored_pdf_generate(*, pdf_id: int) -> bool:
    """Render a pending PDF; a row that is not pending (already made, or gone) is left alone."""
    row = StoredPdf.objects.defer("content").filter(pk=pdf_id, status=StoredPdf.Status.PENDING).first()
    if row is None:
        return False
    try:
        content = html_to_pdf(_html(row.document, row.subject_id, row.language, timezone.now()))
    except Exception as error:  # noqa: BLE001 - any failure is shown to the user as "failed, try again"
        logger.exception("PDF %s could not be made", pdf_id)
        StoredPdf.objects.filter(pk=pdf_id, status=StoredPdf.Status.PENDING).update(
            status=StoredPdf.Status.FAILED,
            error=str(error)[:2000] or error.__class__.__name__,
            finished_at=timezone.now(),
        )
        return False
    with transaction.atomic():
        done = StoredPdf.objects.filter(pk=pdf_id, status=StoredPdf.Status.PENDING).update(
            status=StoredPdf.Status.READY, content=content, size=len(content), error="", finished_at=timezone.now()
        )
        if done:
            # One finished PDF per document and object: older ones show content that has since changed.
            StoredPdf.objects.filter(document=row.document, subject_id=row.subject_id).exclude(pk=pdf_id).exclude(
                status=StoredPdf.Status.PENDING
            ).delete()
    return bool(done)


def stored_pdf_latest(*, document: str, subject_id: int, language: str | None = None) -> StoredPdf | None:
    """The most recently requested PDF in the reader's language (without its bytes), or None.

    A PDF someone made in English is not offered to a reader of Norwegian as ready: they make their own.
    """
    return (
        StoredPdf.objects.filter(document=document, subject_id=subject_id, language=reading_language(language))
        .defer("content")
        .order_by("-requested_at", "-id")
        .first()
    )


def stored_pdf_ready(*, document: str, subject_id: int, language: str | None = None) -> StoredPdf | None:
    """The newest finished PDF in the reader's language with its bytes, or None."""
    return (
        StoredPdf.objects.filter(
            document=document, subject_id=subject_id, language=reading_language(language), status=StoredPdf.Status.READY
        )
        .order_by("-finished_at", "-id")
        .first()
    )


def stored_pdf_panel(*, document: str, subject_id: int, url_names: dict[str, str], url_args: list,
                     can_make: bool, button: str, status_id: str = "pdf-status") -> dict:
    """What core/pdf/_panel.html and _status.html need: the latest PDF, the four URLs
    (``url_names`` maps page, request, status and download to URL names), the button, and the id
    of the status area (two documents on one page each need their own)."""
    return {
        "pdf": stored_pdf_latest(document=document, subject_id=subject_id),
        "pdf_urls": {part: reverse(name, args=url_args) for part, name in url_names.items()},
        "can_make_pdf": can_make,
        "pdf_button": button,
        "pdf_status_id": status_id,
    }
