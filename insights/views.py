"""Insight, action, KUBA and feedback pages. Every object is loaded through its initiative."""
from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from initiatives import selectors as initiative_selectors
from initiatives.access import load_initiative
from innbyggerstemmen.core import stored_pdfs
from innbyggerstemmen.core.access import found_or_404
from innbyggerstemmen.core.exports import attachment
from innbyggerstemmen.core.fields import int_or_none
from innbyggerstemmen.core.htmx import redirect_unless_htmx
from innbyggerstemmen.core.pagination import IdsFirstPaginator
from innbyggerstemmen.core.redirects import safe_next

from . import citizen_news, handoffs, national_themes, selectors, services
from .forms import (
    ActionForm,
    BulkOperation,
    FeedbackPageForm,
    InsightBulkActionForm,
    InsightBulkForm,
    InsightEditForm,
    InsightQuickForm,
    KubaDecisionForm,
    KubaInputForm,
    KubaItemFormSet,
    NationalThemeForm,
    OwnerUpdateForm,
    ProgressNoteForm,
)
from .kuba_pdf import DOCUMENT as KUBA_PDF
from .models import Actor, FollowUpAction, Insight, Kind, Source
from .search import highlight

VIEW = "insights.view_insights"
CHANGE = "insights.change_insights"
MANAGE_KUBA = "insights.manage_kuba"
PUBLISH = "insights.publish_feedback"
MERGE_ACROSS = "insights.merge_across_initiatives"
PAGE_SIZE = 25


def _error_messages(error: ValidationError) -> str:
    return " ".join(error.messages)


def _can(request, perm, initiative) -> bool:
    return request.user.has_perm(perm, initiative)


# Insight list and quick entry ----------------------------------------------------------


def _quick_form(initiative, data=None, initial=None, *, offered=None):
    return InsightQuickForm(
        data,
        initial=initial,
        target_groups=selectors.target_groups_for(initiative=initiative),
        meetings=selectors.meetings_for(initiative=initiative),
        offered=offered or selectors.initiative_choices(initiative=initiative),
    )


def _filters_of(query: QueryDict) -> dict:
    """The list's filters from a query: the page's own GET, or that of the URL an htmx request came from."""
    return {name: query.get(name, "") for name in (*selectors.LIST_FILTERS, "q")}


def _list_context(request, initiative, *, quick_form=None):
    filters = _filters_of(request.GET)
    page = IdsFirstPaginator(
        selectors.insight_list(initiative=initiative, filters=filters),
        PAGE_SIZE,
        rows=lambda ids: selectors.insight_rows(initiative=initiative, ids=ids),
        kept=selectors.insight_list_kept(initiative=initiative, filters=filters),
    ).get_page(request.GET.get("page"))
    can_change = _can(request, CHANGE, initiative)
    choices = selectors.initiative_choices(initiative=initiative)
    quick_form = (quick_form or _quick_form(initiative, offered=choices)) if can_change else None
    return {
        "initiative": initiative,
        "page": page,
        "filters": filters,
        "is_filtered": any(filters.values()),
        "themes": choices.themes,
        "no_theme": selectors.NO_THEME,
        "target_groups": choices.target_groups,
        "kinds": Kind.choices,
        "sources": Source.choices,
        "actors": Actor.choices,
        "can_change": can_change,
        "quick_form": quick_form,
        "actions": choices.actions if can_change else (),
        "bulk_operations": BulkOperation.choices,
        "return_to": "list",
    }


@login_required
def insight_list(request, pk):
    initiative = load_initiative(request, pk, VIEW)
    return render(request, "insights/insight_list.html", _list_context(request, initiative))


@login_required
@require_POST
def insight_add(request, pk):
    initiative = load_initiative(request, pk, CHANGE)
    form = _quick_form(initiative, request.POST)
    if form.is_valid() and not form.needs_confirmation():
        try:
            insight = services.insight_create(
                initiative=initiative, user=request.user, text=form.cleaned_data["text"], **form.service_kwargs()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if not request.htmx:
                messages.success(request, _("The insight was saved."))
                return redirect("insights:insight_list", pk)
            insight = selectors.insight_rows(initiative=initiative, ids=[insight.pk]).get()
            context = {
                "initiative": initiative,
                "quick_form": _quick_form(initiative, initial=form.sticky_initial()),
                "themes": selectors.themes_for(initiative=initiative),
                "saved": insight,
                "insight": insight,
                "can_change": True,
                "list_count": selectors.insight_list(
                    initiative=initiative,
                    filters=_filters_of(QueryDict(urlsplit(request.htmx.current_url or "").query)),
                ).count(),
            }
            return render(request, "insights/_quick_entry_saved.html", context)
    if request.htmx:
        context = {"initiative": initiative, "quick_form": form, "themes": selectors.themes_for(initiative=initiative)}
        return render(request, "insights/_quick_entry_refused.html", context)
    return render(request, "insights/insight_list.html", _list_context(request, initiative, quick_form=form))


@login_required
def insight_bulk(request, pk):
    initiative = load_initiative(request, pk, CHANGE)
    form = InsightBulkForm(
        request.POST or None,
        target_groups=selectors.target_groups_for(initiative=initiative),
        meetings=selectors.meetings_for(initiative=initiative),
    )
    if request.method == "POST" and form.is_valid() and not form.needs_confirmation():
        try:
            insights = services.insight_bulk_create(
                initiative=initiative, user=request.user, texts=form.lines(), **form.service_kwargs()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(count)s insights were saved.") % {"count": len(insights)})
            return redirect("insights:insight_list", pk)
    return render(
        request,
        "insights/insight_bulk.html",
        {"initiative": initiative, "form": form, "themes": selectors.themes_for(initiative=initiative)},
    )


def _load_insight(initiative, insight_pk) -> Insight:
    return found_or_404(selectors.insight_detail, initiative=initiative, pk=insight_pk)


@login_required
def insight_detail(request, pk, insight_pk):
    initiative = load_initiative(request, pk, VIEW)
    return _insight_page(request, initiative, _load_insight(initiative, insight_pk))


def _insight_page(request, initiative, insight, *, handoff_error="", status=200):
    """The insight's page; a refused hand-off comes back to it with the message beside the form and the address kept."""
    similar = selectors.similar_insights(insight=insight) if not insight.merged_into_id else []
    sees_all = request.user.has_perm(MERGE_ACROSS)
    return render(
        request,
        "insights/insight_detail.html",
        {
            "initiative": initiative,
            "insight": insight,
            "can_change": _can(request, CHANGE, initiative),
            "similar": similar,
            "suggested_themes": selectors.theme_suggestions(insight=insight, similar=similar),
            # The national team sees every initiative: what others heard that says the same, to merge.
            "similar_elsewhere": selectors.similar_insights(insight=insight, across=True)
            if sees_all and not insight.merged_into_id
            else [],
            # Merges across initiatives: another initiative's text and name only for those who may see it.
            "merged": [d for d in insight.merged.all() if d.initiative_id == initiative.pk or sees_all],
            "merged_elsewhere_unseen": sum(
                1 for d in insight.merged.all() if d.initiative_id != initiative.pk and not sees_all
            ),
            "merged_into_seen": insight.merged_into is not None
            and (insight.merged_into.initiative_id == initiative.pk or sees_all),
            "handoffs": insight.handoffs.select_related("to_organisation"),
            "organisations": selectors.handoff_organisations(),
            "handoff_error": handoff_error,
        },
        status=status,
    )


@login_required
@require_POST
def insight_merge_across(request, pk, insight_pk):
    """The national team merges an insight with the same one heard in another initiative."""
    initiative = load_initiative(request, pk, VIEW)
    insight = _load_insight(initiative, insight_pk)
    if not request.user.has_perm(MERGE_ACROSS):
        raise PermissionDenied
    try:
        kept = services.insight_merge_across(insight=insight, other_id=request.POST.get("other"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(insight.get_absolute_url() + "#similar-elsewhere-heading")
    messages.success(request, _("Merged: “%(text)s” (%(initiative)s) is kept, with the other under it.") % {
        "text": kept.text[:80], "initiative": kept.initiative.title
    })
    return redirect(kept.get_absolute_url())


@login_required
@require_POST
def handoff_send(request, pk, insight_pk):
    initiative = load_initiative(request, pk, CHANGE)
    insight = _load_insight(initiative, insight_pk)
    try:
        handoff = handoffs.handoff_send(
            insight=insight, user=request.user, email=request.POST.get("email", ""),
            organisation_id=request.POST.get("organisation") or None,
        )
    except ValidationError as error:
        return _insight_page(request, initiative, insight, handoff_error=" ".join(error.messages), status=400)
    messages.success(request, _("The insight was sent to %(receiver)s with a link to confirm it was received.") % {
        "receiver": handoff.receiver
    })
    return redirect(insight.get_absolute_url() + "#handoff-heading")


@login_required
@require_POST
def handoff_remind(request, pk, insight_pk):
    initiative = load_initiative(request, pk, CHANGE)
    insight = _load_insight(initiative, insight_pk)
    try:
        handoff = handoffs.handoff_remind(insight=insight, handoff_id=request.POST.get("handoff"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("A reminder was sent to %(receiver)s.") % {"receiver": handoff.receiver})
    return redirect(insight.get_absolute_url() + "#handoff-heading")


@never_cache
def handoff_receipt(request, token):
    """The receiver's page: this insight and nothing else of the initiative; mark it received, answer in a line."""
    try:
        handoff = handoffs.handoff_by_token(token=token)
    except ObjectDoesNotExist:
        return render(request, "insights/handoff_receipt.html", {"invalid": True}, status=404)
    error, status = "", 200
    if request.method == "POST":
        try:
            handoff = handoffs.handoff_receive(token=token, answer=request.POST.get("answer", ""))
        except handoffs.HandoffClosed as closed:
            error, status = " ".join(closed.messages), 410
        except ValidationError as refused:
            error, status = " ".join(refused.messages), 400
        else:
            return redirect("insights:handoff_receipt", token=token)
    closed = handoffs.handoff_closed_reason(handoff)
    return render(
        request,
        "insights/handoff_receipt.html",
        {"handoff": handoff, "insight": handoff.insight, "closed": closed, "error": error},
        status=410 if closed and request.method != "POST" and not handoff.answer else status,
    )


@login_required
def insight_edit(request, pk, insight_pk):
    initiative = load_initiative(request, pk, CHANGE)
    insight = _load_insight(initiative, insight_pk)
    can_publish = _can(request, PUBLISH, initiative)
    form = InsightEditForm(
        request.POST or None,
        instance=insight,
        target_groups=selectors.target_groups_for(initiative=initiative),
        meetings=selectors.meetings_for(initiative=initiative),
        can_select_for_feedback=can_publish,
    )
    if request.method == "POST" and form.is_valid() and not form.needs_confirmation():
        try:
            services.insight_update(insight=insight, approve_public=can_publish, **form.service_kwargs())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect(insight)
    return render(
        request,
        "insights/insight_edit.html",
        {"initiative": initiative, "insight": insight, "form": form, "themes": selectors.themes_for(initiative=initiative)},
    )


def _bulk_apply(initiative, operation: str, insights: list[Insight], theme_name: str, *, can_publish: bool) -> str:
    """Run one of the bulk bar's changes through its service; returns what to tell the user."""
    count = len(insights)
    if operation in (BulkOperation.THEME, BulkOperation.MOVE):
        move = operation == BulkOperation.MOVE
        theme = services.insights_assign_theme(initiative=initiative, insights=insights, name=theme_name, move=move)
        if move:
            return _("%(count)s insights were moved to the theme “%(theme)s”.") % {"count": count, "theme": theme.name}
        return _("%(count)s insights were added to the theme “%(theme)s”.") % {"count": count, "theme": theme.name}
    if operation == BulkOperation.UNTHEME:
        theme = services.insights_remove_theme(initiative=initiative, insights=insights, name=theme_name)
        return _("%(count)s insights were removed from the theme “%(theme)s”.") % {"count": count, "theme": theme.name}
    if operation == BulkOperation.SUGGESTED:
        given, without = services.insights_accept_theme_suggestions(initiative=initiative, insights=insights)
        return _("%(given)s insights got the theme their similar insights have; %(without)s had no suggestion.") % {
            "given": given, "without": without
        }
    if operation == BulkOperation.MERGE:
        target = services.insight_merge(initiative=initiative, insights=insights)
        return _("%(count)s insights were merged into “%(text)s”.") % {"count": count, "text": str(target)}
    if operation in (BulkOperation.PRIORITY, BulkOperation.UNPRIORITY):
        value = operation == BulkOperation.PRIORITY
        services.insights_set_priority(initiative=initiative, insights=insights, value=value)
        return _("The priority of %(count)s insights was changed.") % {"count": count}
    value = operation == BulkOperation.FEEDBACK
    services.insights_set_feedback(initiative=initiative, insights=insights, value=value, approve_public=can_publish)
    return _("The feedback page selection of %(count)s insights was changed.") % {"count": count}


@login_required
@require_POST
def insight_bulk_action(request, pk):
    """What to do with the insights selected on the list or the theme board."""
    initiative = load_initiative(request, pk, CHANGE)
    back = reverse("insights:board" if request.POST.get("return_to") == "board" else "insights:insight_list", args=[pk])
    form = InsightBulkActionForm(
        request.POST,
        insights=selectors.insight_base(initiative=initiative),
        actions=selectors.action_choices(initiative=initiative),
    )
    if not form.is_valid():
        messages.error(request, form.first_error())
        return redirect(back)
    operation = form.cleaned_data["operation"]
    insights = sorted(form.cleaned_data["insight"], key=lambda insight: (insight.created_at, insight.pk))
    if form.cleaned_data["return_to"] == "insight":  # from an insight's own page: back to the one kept (the oldest)
        back = reverse("insights:insight_detail", args=[pk, insights[0].pk])
    elif form.cleaned_data["return_to"] == "next":  # from another app's page (a closed live wall): back there
        back = safe_next(request) or back
    # Creating or linking to an action goes through the action's form, the selected insights checked there.
    query = "?" + "&".join(f"insight={insight.pk}" for insight in insights)
    if operation == BulkOperation.ACTION:
        return redirect(reverse("insights:action_create", args=[pk]) + query)
    if operation == BulkOperation.LINK:
        return redirect(reverse("insights:action_edit", args=[pk, form.cleaned_data["action"].pk]) + query)
    try:
        message = _bulk_apply(
            initiative, operation, insights, form.cleaned_data["theme_name"], can_publish=_can(request, PUBLISH, initiative)
        )
    except ValidationError as error:
        messages.error(request, _error_messages(error))
    else:
        messages.success(request, message)
    return redirect(back)


@login_required
def board(request, pk):
    initiative = load_initiative(request, pk, VIEW)
    counts = selectors.insight_counts(initiative=initiative)
    choices = selectors.initiative_choices(initiative=initiative)
    can_change = _can(request, CHANGE, initiative)
    return render(
        request,
        "insights/board.html",
        {
            "initiative": initiative,
            "counts": counts,
            "columns": selectors.theme_board(initiative=initiative, themes=choices.themes, counts=counts),
            "themes": choices.themes,
            "no_theme": selectors.NO_THEME,
            "can_change": can_change,
            "actions": choices.actions if can_change else (),
            "bulk_operations": BulkOperation.choices,
            "return_to": "board",
        },
    )


# My actions: an owner's own, across initiatives -------------------------------------


def _my_actions_page(request, forms_by_action=None, status=200):
    actions = list(selectors.owned_actions(user=request.user))
    forms_by_action = forms_by_action or {}
    rows = [(action, forms_by_action.get(action.pk) or OwnerUpdateForm(action=action)) for action in actions]
    return render(request, "insights/my_actions.html", {"rows": rows}, status=status)


@login_required
def my_actions(request):
    return _my_actions_page(request)


@login_required
@require_POST
def my_action_update(request, action_pk):
    action = found_or_404(selectors.owned_action, user=request.user, pk=action_pk)
    form = OwnerUpdateForm(request.POST, action=action)
    if form.is_valid():
        try:
            services.action_owner_update(action=action, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("“%(title)s” was updated.") % {"title": action.title})
            return redirect(reverse("insights:my_actions") + f"#action-{action.pk}")
    return _my_actions_page(request, {action.pk: form}, status=400)


# Follow-up actions ------------------------------------------------------------------


def _load_action(initiative, action_pk) -> FollowUpAction:
    return found_or_404(selectors.action_detail, initiative=initiative, pk=action_pk)


@login_required
def action_list(request, pk):
    initiative = load_initiative(request, pk, VIEW)
    return render(
        request,
        "insights/action_list.html",
        {
            "initiative": initiative,
            "actions": selectors.action_list(initiative=initiative),
            "can_change": _can(request, CHANGE, initiative),
        },
    )


def _action_form(request, initiative, action=None) -> ActionForm:
    """The action form; insights selected in the list (``?insight=``) come checked, with those already linked."""
    linked = list(action.insights.values_list("pk", flat=True)) if action else []
    requested = request.GET.getlist("insight")
    return ActionForm(
        request.POST or None,
        instance=action,
        initial={"insights": linked + requested} if requested else None,
        insights=selectors.insight_base(initiative=initiative),
        # Listed first: those linked, brought from the list, or ticked in a form sent back with an error.
        shown_insights=selectors.insights_to_link(
            initiative=initiative, chosen=[*linked, *requested, *request.POST.getlist("insights")]
        ),
        can_publish=_can(request, PUBLISH, initiative),
        owners=selectors.action_owner_choices(initiative=initiative),
    )


@login_required
def action_create(request, pk):
    initiative = load_initiative(request, pk, CHANGE)
    form = _action_form(request, initiative)
    if request.method == "POST" and form.is_valid():
        try:
            action = services.action_create(
                initiative=initiative,
                user=request.user,
                insights=form.cleaned_data["insights"],
                approve_public=_can(request, PUBLISH, initiative),
                **form.service_kwargs(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The action was created."))
            return redirect(action)
    return render(request, "insights/action_form.html", {"initiative": initiative, "form": form})


@login_required
def action_detail(request, pk, action_pk):
    initiative = load_initiative(request, pk, VIEW)
    action = _load_action(initiative, action_pk)
    can_change = _can(request, CHANGE, initiative)
    return render(
        request,
        "insights/action_detail.html",
        {
            "initiative": initiative,
            "action": action,
            "can_change": can_change,
            "note_form": ProgressNoteForm() if can_change else None,
        },
    )


@login_required
def action_edit(request, pk, action_pk):
    initiative = load_initiative(request, pk, CHANGE)
    action = _load_action(initiative, action_pk)
    form = _action_form(request, initiative, action)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update(
                action=action,
                insights=form.cleaned_data["insights"],
                approve_public=_can(request, PUBLISH, initiative),
                **form.service_kwargs(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect(action)
    return render(request, "insights/action_form.html", {"initiative": initiative, "form": form, "action": action})


@login_required
@require_POST
def progress_note_add(request, pk, action_pk):
    initiative = load_initiative(request, pk, CHANGE)
    action = _load_action(initiative, action_pk)
    form = ProgressNoteForm(request.POST)
    if form.is_valid():
        try:
            services.progress_note_add(action=action, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The progress note was added."))
            return redirect(action)
    return render(
        request,
        "insights/action_detail.html",
        {"initiative": initiative, "action": action, "can_change": True, "note_form": form},
    )


# KUBA input -----------------------------------------------------------------------


KUBA_PDF_URLS = {
    "page": "insights:kuba", "request": "insights:kuba_pdf_request", "status": "insights:kuba_pdf_status",
    "download": "insights:kuba_pdf",
}


def _kuba_pdf_context(initiative, *, can_make: bool) -> dict:
    return stored_pdfs.stored_pdf_panel(
        document=KUBA_PDF, subject_id=initiative.pk, url_names=KUBA_PDF_URLS, url_args=[initiative.pk],
        can_make=can_make, button=_("Make a PDF"),
    )


def _kuba_context(request, initiative, **extra):
    kuba_input = selectors.kuba_input_for(initiative=initiative)
    actions = selectors.kuba_actions(kuba_input=kuba_input) if kuba_input else []
    can_manage = _can(request, MANAGE_KUBA, initiative)
    return {
        "initiative": initiative,
        "kuba_input": kuba_input,
        "bullets": selectors.kuba_bullets(kuba_input=kuba_input) if kuba_input else [],
        "completed_actions": selectors.kuba_completed_actions(initiative=initiative),
        "proposed_actions": actions,
        "can_manage": can_manage,
        "decision_form": KubaDecisionForm(actions=actions) if can_manage and actions else None,
        **_kuba_pdf_context(initiative, can_make=kuba_input is not None),
        **extra,
    }


@login_required
def kuba(request, pk):
    initiative = load_initiative(request, pk, VIEW)
    return render(request, "insights/kuba.html", _kuba_context(request, initiative))


@login_required
def kuba_edit(request, pk):
    initiative = load_initiative(request, pk, MANAGE_KUBA)
    # Reading the page writes nothing: the KUBA input is made when it is first saved.
    kuba_input = selectors.kuba_input_for(initiative=initiative)
    items = list(kuba_input.items.all()) if kuba_input else []
    form = KubaInputForm(
        request.POST or None,
        initial={"intro": kuba_input.intro, "meeting_date": kuba_input.meeting_date} if kuba_input else {},
    )
    formset = KubaItemFormSet(
        request.POST or None, initial=[{"id": item.pk, "text": item.text} for item in items], prefix="items"
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        ordered = formset.ordered_forms + [f for f in formset.forms if f not in formset.ordered_forms]
        entries = [
            {"id": f.cleaned_data.get("id"), "text": f.cleaned_data.get("text", ""),
             "delete": f.cleaned_data.get("DELETE", False)}
            for f in ordered
            if f.cleaned_data
        ]
        try:
            services.kuba_input_save(initiative=initiative, items=entries, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The KUBA input was saved."))
            return redirect("insights:kuba", pk)
    return render(
        request, "insights/kuba_edit.html", {"initiative": initiative, "form": form, "formset": formset}
    )


@login_required
@require_POST
def kuba_fill(request, pk):
    initiative = load_initiative(request, pk, MANAGE_KUBA)
    kuba_input = services.kuba_input_get_or_create(initiative=initiative)
    added = services.kuba_items_fill(kuba_input=kuba_input)
    messages.success(
        request,
        ngettext("%(count)s bullet was added.", "%(count)s bullets were added.", added) % {"count": added}
        + " "
        + _("Completed actions are not proposed again; they are listed under “Carried out”."),
    )
    return redirect("insights:kuba", pk)


@login_required
@require_POST
def kuba_decisions(request, pk):
    initiative = load_initiative(request, pk, MANAGE_KUBA)
    kuba_input = selectors.kuba_input_for(initiative=initiative)
    if kuba_input is None:
        raise Http404
    form = KubaDecisionForm(request.POST, actions=selectors.kuba_actions(kuba_input=kuba_input))
    if form.is_valid():
        try:
            count = services.kuba_decisions_record(kuba_input=kuba_input, decisions=form.decisions())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The decision was recorded on %(count)s actions.") % {"count": count})
            return redirect("insights:kuba", pk)
    return render(request, "insights/kuba.html", _kuba_context(request, initiative, decision_form=form))


@login_required
@require_POST
def kuba_pdf_request(request, pk):
    """Ask for the KUBA input's PDF; it is made by a worker (core.stored_pdfs) and given again while unchanged."""
    initiative = load_initiative(request, pk, VIEW)
    stored_pdfs.stored_pdf_request(
        document=KUBA_PDF, subject_id=initiative.pk, user=request.user, language=request.LANGUAGE_CODE
    )
    return redirect_unless_htmx(
        request,
        reverse("insights:kuba", args=[pk]),
        lambda: render(request, "core/pdf/_status.html", _kuba_pdf_context(initiative, can_make=True)),
    )


@login_required
def kuba_pdf_status(request, pk):
    """The progress fragment htmx polls while the PDF is being made."""
    initiative = load_initiative(request, pk, VIEW)
    return render(request, "core/pdf/_status.html", _kuba_pdf_context(initiative, can_make=True))


@login_required
def kuba_pdf(request, pk):
    initiative = load_initiative(request, pk, VIEW)
    ready = stored_pdfs.stored_pdf_ready(document=KUBA_PDF, subject_id=initiative.pk)
    if ready is None:
        raise Http404
    return attachment(bytes(ready.content), filename=f"kuba-innspill-{initiative.pk}.pdf", content_type="application/pdf")


# "You said, we did" ---------------------------------------------------------------------


@login_required
def feedback_manage(request, pk):
    initiative = load_initiative(request, pk, VIEW)
    can_publish = _can(request, PUBLISH, initiative)
    page = selectors.feedback_page_for(initiative=initiative)
    form = None
    if can_publish:
        form = FeedbackPageForm(request.POST or None, initial={"intro": page.intro if page else ""})
    if request.method == "POST":
        if not can_publish:
            load_initiative(request, pk, PUBLISH)  # 403
        if request.POST.get("action") == "approve":
            count = services.feedback_approve_pending(initiative=initiative, approve_public=can_publish)
            messages.success(request, _("%(count)s changes were approved for the public page.") % {"count": count})
            return redirect("insights:feedback_manage", pk)
        if form.is_valid():
            page = services.feedback_page_get_or_create(initiative=initiative)
            services.feedback_page_update(page=page, intro=form.cleaned_data["intro"])
            messages.success(request, _("Your changes were saved."))
            return redirect("insights:feedback_manage", pk)
    insights, actions = selectors.feedback_selected(initiative=initiative)
    pending_insights, pending_actions = selectors.feedback_pending(initiative=initiative)
    return render(
        request,
        "insights/feedback_manage.html",
        {
            "initiative": initiative,
            "feedback_page": page,
            "form": form,
            "can_publish": can_publish,
            "selected_insights": insights,
            "selected_actions": actions,
            "pending_insights": pending_insights,
            "pending_actions": pending_actions,
        },
    )


@login_required
@require_POST
def feedback_publish(request, pk):
    initiative = load_initiative(request, pk, PUBLISH)
    page = services.feedback_page_get_or_create(initiative=initiative)
    services.feedback_page_publish(page=page)
    messages.success(request, _("The feedback page is published."))
    return redirect("insights:feedback_manage", pk)


@login_required
@require_POST
def feedback_unpublish(request, pk):
    initiative = load_initiative(request, pk, PUBLISH)
    page = selectors.feedback_page_for(initiative=initiative)
    if page is not None:
        services.feedback_page_unpublish(page=page)
    messages.success(request, _("The feedback page is no longer public."))
    return redirect("insights:feedback_manage", pk)


def public_feedback(request, slug):
    """The public "you said, we did" page: no login, only published pages and selected content."""
    page = found_or_404(selectors.public_feedback, slug=slug)
    return render(
        request,
        "insights/public_feedback.html",
        {
            "feedback_page": page,
            "initiative": page.initiative,
            "feedback": selectors.feedback_pairs(initiative=page.initiative),
        },
    )


@never_cache
@csrf_exempt  # RFC 8058: a mail program's one-click unsubscribe POSTs here without a form; the token is signed
def unsubscribe(request, token):
    """Stop news about one initiative: a page with one button (a GET, e.g. a link preview, changes nothing),
    and the POST that mail programs send from the List-Unsubscribe-Post header."""
    try:
        initiative_id, email, _kind = citizen_news.unsubscribe_read(token)
    except ValidationError as error:
        return render(request, "insights/unsubscribe.html", {"error": " ".join(error.messages)}, status=400)
    try:
        initiative = initiative_selectors.initiative_get(pk=initiative_id)
    except ObjectDoesNotExist:
        initiative = None  # ended and deleted: nothing more is sent anyway
    done = False
    if request.method == "POST":
        citizen_news.unsubscribe(token=token)
        done = True
    return render(
        request, "insights/unsubscribe.html", {"initiative": initiative, "email": email, "done": done, "token": token}
    )


# The national theme list (the national team) -------------------------------------------


@login_required
def national_theme_list(request):
    """The shared theme list: add one, or change one's name and synonyms (its id in the form)."""
    if not request.user.has_perm("insights.manage_national_themes"):
        raise PermissionDenied
    failed, status = None, 200
    if request.method == "POST":
        theme_id = int_or_none(request.POST.get("theme"))
        form = NationalThemeForm(request.POST, prefix=f"n{theme_id}" if theme_id else "new")
        if form.is_valid():
            try:
                national = national_themes.national_theme_save(theme_id=theme_id, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)  # a dict of field errors lands on its fields
            else:
                messages.success(request, _("The national theme “%(name)s” was saved.") % {"name": national.name})
                return redirect("insights:national_themes")
        failed, status = form, 400
    # Each form has its own prefix (its fields' ids are unique on the page); the one sent back keeps its errors.
    nationals = list(selectors.national_theme_list())
    forms_ = {
        national.pk: NationalThemeForm(initial={"name": national.name, "synonyms": national.synonyms}, prefix=f"n{national.pk}")
        for national in nationals
    }
    new_form = NationalThemeForm(prefix="new")
    if failed is not None:
        if failed.prefix == "new":
            new_form = failed
        else:
            forms_[int(failed.prefix[1:])] = failed
    rows = [(national, forms_.get(national.pk)) for national in nationals]
    return render(request, "insights/national_themes.html", {"rows": rows, "new_form": new_form}, status=status)


# Search across initiatives -------------------------------------------------------------


@login_required
def search(request):
    query = request.GET.get("q", "").strip()[:200]
    filters = {name: request.GET.get(name, "") for name in selectors.SEARCH_FILTERS}
    results = selectors.insight_search(user=request.user, query=query, filters=filters)
    cache_key = selectors.insight_search_key(user=request.user, query=query, filters=filters)
    facets = selectors.insight_search_facets_cached(cache_key=cache_key, queryset=results)
    # Counted with the facets: the full-text condition is not run again.
    matches = selectors.insight_search_results(
        queryset=results, query=query, total=facets["total"], cache_key=cache_key
    )
    paginator = Paginator(matches, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    for insight in page.object_list:
        insight.highlighted = highlight(insight.text, query, getattr(insight, "headline", None))
    return render(
        request,
        "insights/search.html",
        {
            "query": query,
            "filters": filters,
            "page": page,
            "facet_groups": _facet_groups(request, facets, filters),
        },
    )


def _facet_groups(request, facets: dict, filters: dict) -> list[dict]:
    """Each facet's options with a link that sets (or, when chosen, removes) that filter."""
    labels = {
        "national_theme": _("National theme"),
        "target_group": _("Target group"),
        "theme": _("Theme"),
        "source": _("Source"),
        "organisation": _("Organisation"),
        "initiative": _("Initiative"),
        "year": _("Year"),
    }
    groups = []
    for key, label in labels.items():
        options = []
        for value, option_label, count in facets[key]:
            params = request.GET.copy()
            params.pop("page", None)
            selected = str(value) == filters.get(key)
            if selected:
                params.pop(key, None)
            else:
                params[key] = str(value)
            options.append(
                {"label": option_label, "count": count, "selected": selected, "url": "?" + params.urlencode()}
            )
        groups.append({"label": label, "options": options})
    return groups
