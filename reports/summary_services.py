"""The initiative summary PDF: request it (or reuse an unchanged one), render it in a Celery task."""
from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from initiatives.models import Initiative
from innbyggerstemmen.core import pdf

from . import summary
from .models import SummaryPdf, SummaryPdfStatus

logger = logging.getLogger(__name__)

TEMPLATE = "reports/summary/pdf.html"
# A pending PDF older than this has lost its task (worker restarted); asking again queues it anew.
STALE_AFTER = timedelta(seconds=getattr(settings, "CELERY_TASK_TIME_LIMIT", 300) * 2)


def _load(initiative_id: int) -> Initiative:
    return Initiative.objects.select_related("owner_organisation").prefetch_related("target_groups").get(
        pk=initiative_id
    )


def summary_pdf_request(*, initiative: Initiative, user=None, language: str | None = None) -> SummaryPdf:
    """Ask for the initiative's summary PDF in ``language``.

    When a PDF of exactly the same content exists it is returned as it is (nothing is
    rendered again); when one is being made, that one is returned; otherwise a pending
    row is created and the rendering task is queued when the transaction commits.
    """
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    with translation.override(language):
        fingerprint = summary.summary_fingerprint(summary.summary_data(initiative=initiative), language=language)
    now = timezone.now()
    with transaction.atomic():
        row, created = (
            SummaryPdf.objects.select_for_update()
            .defer("content")
            .get_or_create(
                initiative=initiative,
                content_fingerprint=fingerprint,
                defaults={"language": language, "requested_by": user},
            )
        )
        queue = created
        if row.status == SummaryPdfStatus.FAILED or (
            row.status == SummaryPdfStatus.PENDING and not created and row.requested_at < now - STALE_AFTER
        ):
            row.status, row.error, row.requested_at, row.requested_by = SummaryPdfStatus.PENDING, "", now, user
            row.save(update_fields=["status", "error", "requested_at", "requested_by"])
            queue = True
        elif row.status == SummaryPdfStatus.READY and not created:
            # Reused: it is the latest again, so the page offers it.
            row.requested_at = now
            row.save(update_fields=["requested_at"])
        if queue:
            from .tasks import generate_summary_pdf

            generate_summary_pdf.delay_on_commit(row.pk)
    return SummaryPdf.objects.defer("content").get(pk=row.pk)


def summary_pdf_render(*, initiative: Initiative, language: str) -> bytes:
    """Collect the data and render the PDF (tagged PDF/UA-1, only the portal's static files, time-limited)."""
    from django.template.loader import render_to_string

    with translation.override(language):
        data = summary.summary_data(initiative=initiative)
        html = render_to_string(TEMPLATE, {**data, "language": language, "generated_at": timezone.now()})
    return pdf.html_to_pdf(html)


def summary_pdf_generate(*, summary_id: int) -> bool:
    """Render a pending PDF; a row that is not pending (already made, or gone) is left alone."""
    row = SummaryPdf.objects.defer("content").filter(pk=summary_id, status=SummaryPdfStatus.PENDING).first()
    if row is None:
        return False
    try:
        content = summary_pdf_render(initiative=_load(row.initiative_id), language=row.language)
    except Exception as error:  # noqa: BLE001 - any failure is shown to the user as "failed, try again"
        logger.exception("Summary PDF %s could not be made", summary_id)
        SummaryPdf.objects.filter(pk=summary_id, status=SummaryPdfStatus.PENDING).update(
            status=SummaryPdfStatus.FAILED, error=str(error)[:2000] or error.__class__.__name__, finished_at=timezone.now()
        )
        return False
    with transaction.atomic():
        done = SummaryPdf.objects.filter(pk=summary_id, status=SummaryPdfStatus.PENDING).update(
            status=SummaryPdfStatus.READY, content=content, size=len(content), error="", finished_at=timezone.now()
        )
        if done:
            # Keep one finished PDF per initiative: older ones describe content that has since changed.
            SummaryPdf.objects.filter(initiative_id=row.initiative_id).exclude(pk=summary_id).exclude(
                status=SummaryPdfStatus.PENDING
            ).delete()
    return bool(done)
