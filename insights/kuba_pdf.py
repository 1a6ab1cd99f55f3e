"""The KUBA input as a stored PDF document (core.stored_pdfs makes, keeps and gives it again)."""
from __future__ import annotations

from datetime import datetime

from django.template.loader import render_to_string

from initiatives.models import Initiative

from . import selectors

DOCUMENT = "insights.kuba"


def kuba_html(initiative_id: int, *, language: str, generated_at: datetime | None) -> str:
    initiative = Initiative.objects.select_related("owner_organisation").get(pk=initiative_id)
    kuba_input = selectors.kuba_input_for(initiative=initiative)
    context = {
        "initiative": initiative,
        "kuba_input": kuba_input,
        "bullets": selectors.kuba_bullets(kuba_input=kuba_input) if kuba_input else [],
        "completed_actions": selectors.kuba_completed_actions(initiative=initiative),
        "LANGUAGE_CODE": language,
        "generated_at": generated_at,
    }
    return render_to_string("insights/kuba_pdf.html", context)
