"""The initiative summary PDF as a stored PDF document (core.stored_pdfs makes, keeps and gives it again)."""
from __future__ import annotations

from datetime import datetime

from django.template.loader import render_to_string

from initiatives.models import Initiative
from innbyggerstemmen.core.pdf import html_to_pdf

from . import summary

DOCUMENT = "reports.summary"
TEMPLATE = "reports/summary/pdf.html"


def _load(initiative_id: int) -> Initiative:
    return Initiative.objects.select_related("owner_organisation").prefetch_related("target_groups").get(
        pk=initiative_id
    )


def summary_html(initiative_id: int, *, language: str, generated_at: datetime | None) -> str:
    """The summary's HTML (PDF/UA, only the portal's static files) in the active language."""
    data = summary.summary_data(initiative=_load(initiative_id))
    return render_to_string(TEMPLATE, {**data, "language": language, "generated_at": generated_at})


def summary_pdf_render(*, initiative: Initiative, language: str) -> bytes:
    """The PDF made now, without storing it (the benchmark and the layout tests measure this)."""
    from django.utils import timezone, translation

    with translation.override(language):
        return html_to_pdf(summary_html(initiative.pk, language=language, generated_at=timezone.now()))
