"""Action plan pages: list, CSV import with preview, plan with inline status editing, status reports and PDF."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innbyggerstemmen.core import stored_pdfs
from innbyggerstemmen.core.access import found_or_404, require_perm
from innbyggerstemmen.core.exports import attachment
from innbyggerstemmen.core.htmx import redirect_unless_htmx

from . import selectors, services
from .forms import MeasureStatusForm, PlanImportConfirmForm, PlanImportForm, StatusReportForm
from .models import ActionPlan, MeasureState

VIEW = "plans.view_actionplan"
CHANGE = "plans.change_actionplan"


def _require_section(request, perm: str = VIEW) -> None:
    """Pages that are not one plan: someone who may not use action plans gets 403."""
    if not request.user.has_perm(perm):
        raise PermissionDenied


def load_plan(request, slug: str, perm: str = VIEW) -> ActionPlan:
    """The plan if the user may do ``perm`` on it: 404 if they may not see plans at all, 403 if only see."""
    plan = found_or_404(selectors.action_plan_get, slug=slug)
    require_perm(request.user, perm, plan, view_perm=VIEW)
    return plan


def _load_measure(request, slug, number, perm=CHANGE):
    plan = load_plan(request, slug, perm)
    return plan, get_object_or_404(plan.measures, number=number)


def _load_report(request, slug, pk):
    plan = load_plan(request, slug)
    return plan, found_or_404(selectors.status_report_get, plan=plan, pk=pk)


@login_required
def plan_list(request):
    _require_section(request)
    return render(
        request,
        "plans/plan_list.html",
        {"plans": selectors.action_plan_list(), "can_edit": request.user.has_perm(CHANGE)},
    )


@login_required
def plan_import(request):
    """Step 1: upload; a valid file shows the preview with a confirm button (step 2)."""
    _require_section(request, CHANGE)
    form = PlanImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        preview = services.action_plan_import_preview(name=form.cleaned_data["name"], rows=form.rows)
        labels = dict(MeasureState.choices)

        def shown(rows):
            return [{**row, "status_label": labels.get(row.get("status"), "")} for row in rows]

        context = {
            "preview": preview,
            "create_rows": shown(preview.create),
            "update_rows": shown(preview.update),
            "confirm_form": form.confirmation(),
        }
        return render(request, "plans/plan_import_preview.html", context)
    return render(request, "plans/plan_import.html", {"form": form})


@login_required
@require_POST
def plan_import_confirm(request):
    _require_section(request, CHANGE)
    form = PlanImportConfirmForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("payload", []):
            messages.error(request, error)
        return redirect("plans:import")
    data = form.cleaned_data["payload"]
    try:
        result = services.action_plan_import(name=data["name"], rows=data["rows"], period=data["period"])
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("plans:import")
    messages.success(
        request,
        _("The action plan was imported: %(created)s new, %(updated)s updated and %(rejected)s rejected measures.")
        % {"created": len(result.create), "updated": len(result.update), "rejected": len(result.rejected)},
    )
    return redirect(ActionPlan.objects.get(name=result.name))


def _plan_context(request, plan):
    measures = list(selectors.measure_list(plan=plan))
    return {
        "plan": plan,
        "groups": selectors.group_by_package(measures),
        "counts": selectors.status_counts(m.status for m in measures),
        "total": len(measures),
        "reports": selectors.status_report_list(plan=plan)[:5],
        "can_edit": request.user.has_perm(CHANGE, plan),
    }


@login_required
def plan_detail(request, slug):
    plan = load_plan(request, slug)
    return render(request, "plans/plan_detail.html", _plan_context(request, plan))


@login_required
def measure_row(request, slug, number):
    """The read-only row of one measure (htmx "cancel"); without htmx, the plan page at that row."""
    plan, measure = _load_measure(request, slug, number, VIEW)
    if not request.htmx:
        return redirect(f"{plan.get_absolute_url()}#measure-{measure.number}")
    context = {"plan": plan, "measure": measure, "can_edit": request.user.has_perm(CHANGE, plan)}
    return render(request, "plans/_measure_row.html", context)


@login_required
def measure_edit(request, slug, number):
    """Status and status text of one measure: a table row form with htmx, a page without."""
    plan, measure = _load_measure(request, slug, number)
    form = MeasureStatusForm(request.POST or None, instance=measure)
    if request.method == "POST" and form.is_valid():
        services.measure_update(
            measure=measure, status=form.cleaned_data["status"], status_text=form.cleaned_data["status_text"]
        )
        if not request.htmx:
            messages.success(request, _("Measure %(number)s was saved.") % {"number": measure.number})
            return redirect(f"{plan.get_absolute_url()}#measure-{measure.number}")
        statuses = plan.measures.values_list("status", flat=True)
        context = {
            "plan": plan,
            "measure": measure,
            "can_edit": True,
            "counts": selectors.status_counts(statuses),
            "total": len(statuses),
            "oob": True,
            "saved": measure,
        }
        return render(request, "plans/_measure_saved.html", context)
    context = {"plan": plan, "measure": measure, "form": form, "can_edit": True}
    template = "plans/_measure_form_row.html" if request.htmx else "plans/measure_edit.html"
    return render(request, template, context)


@login_required
def report_create(request, slug):
    plan = load_plan(request, slug, CHANGE)
    form = StatusReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.status_report_create(plan=plan, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The status report was saved with the status of every measure now."))
            return redirect("plans:report", plan.slug, report.pk)
    return render(request, "plans/report_form.html", {"plan": plan, "form": form})


@login_required
def report_detail(request, slug, pk):
    plan, report = _load_report(request, slug, pk)
    previous = selectors.previous_status_report(report=report)
    entries = selectors.status_report_entries(report=report, previous=previous)
    previous_counts = {}
    if previous is not None:
        previous_counts = {
            row["value"]: row["count"]
            for row in selectors.status_counts(previous.entries.values_list("status", flat=True))
        }
    counts = selectors.status_counts(e.status for e in entries)
    for row in counts:
        row["previous"] = previous_counts.get(row["value"])
    only_changed = request.GET.get("endret") == "1"
    shown = [e for e in entries if e.changed] if only_changed else entries
    return render(
        request,
        "plans/report_detail.html",
        {
            "plan": plan,
            "report": report,
            "previous": previous,
            "counts": counts,
            "total": len(entries),
            "changed_count": sum(1 for e in entries if e.changed),
            "groups": selectors.group_by_package(shown),
            "only_changed": only_changed,
            **_report_pdf_context(plan, report),
        },
    )


REPORT_PDF_URLS = {
    "page": "plans:report", "request": "plans:report_pdf_request", "status": "plans:report_pdf_status",
    "download": "plans:report_pdf",
}


def _report_pdf_context(plan, report) -> dict:
    return stored_pdfs.stored_pdf_panel(
        document=services.STATUS_REPORT_DOCUMENT, subject_id=report.pk, url_names=REPORT_PDF_URLS,
        url_args=[plan.slug, report.pk], can_make=True, button=_("Make a PDF"),
    )


@login_required
@require_POST
def report_pdf_request(request, slug, pk):
    """Ask for the report's PDF; a worker makes it (core.stored_pdfs) and it is given again while unchanged."""
    plan, report = _load_report(request, slug, pk)
    stored_pdfs.stored_pdf_request(
        document=services.STATUS_REPORT_DOCUMENT, subject_id=report.pk, user=request.user,
        language=request.LANGUAGE_CODE,
    )
    return redirect_unless_htmx(
        request,
        reverse("plans:report", args=[plan.slug, report.pk]),
        lambda: render(request, "core/pdf/_status.html", _report_pdf_context(plan, report)),
    )


@login_required
def report_pdf_status(request, slug, pk):
    """The progress fragment htmx polls while the PDF is being made."""
    plan, report = _load_report(request, slug, pk)
    return render(request, "core/pdf/_status.html", _report_pdf_context(plan, report))


@login_required
def report_pdf(request, slug, pk):
    plan, report = _load_report(request, slug, pk)
    ready = stored_pdfs.stored_pdf_ready(document=services.STATUS_REPORT_DOCUMENT, subject_id=report.pk)
    if ready is None:
        raise Http404
    filename = f"{slugify(plan.slug)}-{report.as_of.isoformat()}.pdf"
    return attachment(bytes(ready.content), filename=filename, content_type="application/pdf")
