"""The initiative's PDFs: the page, the request buttons, the progress fragments and the downloads.

Two documents share these views: the leader's summary ("leader", the one the initiative page
offers) and the full report ("full"). Each has its own URLs and its own status area on the page.
"""
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from initiatives.access import load_initiative
from innbyggerstemmen.core import stored_pdfs
from innbyggerstemmen.core.exports import attachment
from innbyggerstemmen.core.htmx import redirect_unless_htmx, render_page_or_partial

from .summary_services import DOCUMENT, LEADER_DOCUMENT

VIEW = "reports.view_summary"
MAKE = "reports.make_summary"
PAGE = "reports/summary/page.html"
STATUS = "core/pdf/_status.html"
NORWEGIAN_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A"})


@dataclass(frozen=True)
class Kind:
    document: str
    url_prefix: str  # "summary" → summary_request, summary_status, summary_download
    status_id: str
    button: str
    filename: str


KINDS = {
    "leader": Kind(LEADER_DOCUMENT, "summary", "pdf-status", gettext_lazy("Summary (PDF)"), "sammendrag"),
    "full": Kind(DOCUMENT, "full_report", "pdf-status-full", gettext_lazy("Full report (PDF)"), "rapport"),
}


def _panel(request, initiative, kind: Kind) -> dict:
    urls = {part: f"reports:{kind.url_prefix}_{part}" for part in ("request", "status", "download")}
    return stored_pdfs.stored_pdf_panel(
        document=kind.document, subject_id=initiative.pk, url_names={"page": "reports:summary", **urls},
        url_args=[initiative.pk], can_make=request.user.has_perm(MAKE, initiative), button=str(kind.button),
        status_id=kind.status_id,
    )


@login_required
def summary_page(request, pk):
    initiative = load_initiative(request, pk, VIEW)
    panels = {name: _panel(request, initiative, kind) for name, kind in KINDS.items()}
    return render(request, PAGE, {"initiative": initiative, "leader": panels["leader"], "full": panels["full"]})


@login_required
def pdf_status(request, pk, kind):
    """The progress fragment htmx polls every two seconds while the PDF is being made."""
    initiative = load_initiative(request, pk, VIEW)
    context = {"initiative": initiative, **_panel(request, initiative, KINDS[kind])}
    return render_page_or_partial(request, PAGE, STATUS, context)


@login_required
@require_POST
def pdf_request(request, pk, kind):
    initiative = load_initiative(request, pk, MAKE)
    stored_pdfs.stored_pdf_request(
        document=KINDS[kind].document, subject_id=initiative.pk, user=request.user, language=request.LANGUAGE_CODE
    )
    return redirect_unless_htmx(
        request,
        reverse("reports:summary", args=[pk]),
        lambda: render(request, STATUS, {"initiative": initiative, **_panel(request, initiative, KINDS[kind])}),
    )


@login_required
def pdf_download(request, pk, kind):
    initiative = load_initiative(request, pk, VIEW)
    ready = stored_pdfs.stored_pdf_ready(document=KINDS[kind].document, subject_id=initiative.pk)
    if ready is None:
        raise Http404
    ascii_title = initiative.title.translate(NORWEGIAN_LETTERS)
    filename = f"{KINDS[kind].filename}-{slugify(ascii_title)[:60] or initiative.pk}.pdf"
    return attachment(bytes(ready.content), filename=filename, content_type="application/pdf")
