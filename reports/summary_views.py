"""The initiative summary PDF: the page, the request button, the progress fragment and the download."""
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from initiatives.access import load_initiative
from innbyggerstemmen.core import stored_pdfs
from innbyggerstemmen.core.exports import attachment
from innbyggerstemmen.core.htmx import redirect_unless_htmx, render_page_or_partial

from .summary_services import DOCUMENT

VIEW = "reports.view_summary"
MAKE = "reports.make_summary"
PAGE = "reports/summary/page.html"
STATUS = "core/pdf/_status.html"
NORWEGIAN_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A"})


PDF_URLS = {
    "page": "reports:summary", "request": "reports:summary_request", "status": "reports:summary_status",
    "download": "reports:summary_download",
}


def _context(request, initiative) -> dict:
    return {
        "initiative": initiative,
        **stored_pdfs.stored_pdf_panel(
            document=DOCUMENT, subject_id=initiative.pk, url_names=PDF_URLS, url_args=[initiative.pk],
            can_make=request.user.has_perm(MAKE, initiative), button=_("Summary (PDF)"),
        ),
    }


@login_required
def summary_page(request, pk):
    initiative = load_initiative(request, pk, VIEW)
    return render(request, PAGE, _context(request, initiative))


@login_required
def summary_status(request, pk):
    """The progress fragment htmx polls every two seconds while the PDF is being made."""
    initiative = load_initiative(request, pk, VIEW)
    return render_page_or_partial(request, PAGE, STATUS, _context(request, initiative))


@login_required
@require_POST
def summary_request(request, pk):
    initiative = load_initiative(request, pk, MAKE)
    stored_pdfs.stored_pdf_request(
        document=DOCUMENT, subject_id=initiative.pk, user=request.user, language=request.LANGUAGE_CODE
    )
    return redirect_unless_htmx(
        request,
        reverse("reports:summary", args=[pk]),
        lambda: render(request, STATUS, _context(request, initiative)),
    )


@login_required
def summary_download(request, pk):
    initiative = load_initiative(request, pk, VIEW)
    ready = stored_pdfs.stored_pdf_ready(document=DOCUMENT, subject_id=initiative.pk)
    if ready is None:
        raise Http404
    ascii_title = initiative.title.translate(NORWEGIAN_LETTERS)
    filename = f"sammendrag-{slugify(ascii_title)[:60] or initiative.pk}.pdf"
    return attachment(bytes(ready.content), filename=filename, content_type="application/pdf")
