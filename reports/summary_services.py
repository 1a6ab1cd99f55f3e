"""The initiative's two PDFs as stored PDF documents (core.stored_pdfs makes, keeps and gives them again):
the leader's summary (one to three pages) and the full report."""
from __future__ import annotations

from datetime import datetime

from django.template.loader import render_to_string

from initiatives.models import Initiative
from innbyggerstemmen.core.pdf import html_to_pdf

from . import leader_summary, summary

DOCUMENT = "reports.summary"  # the full report (the name is kept: PDFs already made stay valid)
TEMPLATE = "reports/summary/pdf.html"
LEADER_DOCUMENT = "reports.leader_summary"
LEADER_TEMPLATE = "reports/summary/leader_pdf.html"


def _load(initiative_id: int) -> Initiative:
    return Initiative.objects.select_related("owner_organisation").prefetch_related("target_groups").get(
        pk=initiative_id
    )


def summary_html(initiative_id: int, *, language: str, generated_at: datetime | None) -> str:
    """The summary's HTML (PDF/UA, only the portal's static files) in the active language."""
    data = summary.summary_data(initiative=_load(initiative_id))
    return render_to_string(TEMPLATE, {**data, "language": language, "generated_at": generated_at})


def leader_summary_html(initiative_id: int, *, language: str, generated_at: datetime | None) -> str:
    """The leader's summary's HTML in the active language."""
    data = leader_summary.leader_summary_data(initiative=_load(initiative_id))
    return render_to_string(LEADER_TEMPLATE, {**data, "language": language, "generated_at": generated_at})


def summary_pdf_render(*, initiative: Initiative, language: str, leader: bool = False) -> bytes:
    """The full report (or the leader's summary) made now, without storing it (the benchmark and the layout
    tests measure this)."""
    from django.utils import timezone, translation

    html = leader_summary_html if leader else summary_html
    with translation.override(language):
        return html_to_pdf(html(initiative.pk, language=language, generated_at=timezone.now()))
