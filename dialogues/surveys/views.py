"""Survey pages: building and sending surveys, the respondents' pages, results and exports."""
import io
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from dialogues import selectors as meeting_selectors
from dialogues.reach import target_group_reach
from initiatives.access import load_initiative
from innbyggerstemmen.core import charts
from innbyggerstemmen.core.access import found_or_404
from innbyggerstemmen.core.audit import Action, audit_record
from innbyggerstemmen.core.bot_protection import form_token_claim, restart_form, url_slug
from innbyggerstemmen.core.exports import (
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    attachment,
)
from innbyggerstemmen.core.htmx import redirect_unless_htmx
from insights import selectors as insight_selectors
from insights import services as insight_services

from . import exports, result_charts, selectors, services
from .forms import (
    AnswerForm,
    HearBackForm,
    IndicatorAddForm,
    IndicatorTrendFilterForm,
    QuestionForm,
    RecipientsForm,
    SurveyForm,
)
from .models import Answer, Question, QuestionKind, RespondentGroup, Survey

VIEW = "surveys.view_survey"
CHANGE = "surveys.change_survey"
DISTRIBUTE = "surveys.distribute_survey"
EXPORT = "surveys.export_answers"


def _load_survey(request, pk: int, survey_pk: int, perm: str = VIEW):
    """The survey through its initiative: 404 if the initiative is invisible, 403 if ``perm`` is missing."""
    initiative = load_initiative(request, pk, perm)
    return initiative, found_or_404(selectors.survey_get, initiative=initiative, pk=survey_pk)


# Coordinators ----------------------------------------------------------------------------


@login_required
def survey_list(request, pk):
    initiative = load_initiative(request, pk, VIEW)
    return render(
        request,
        "surveys/survey_list.html",
        {
            "initiative": initiative,
            "surveys": selectors.survey_list(initiative=initiative),
            "can_change": request.user.has_perm(CHANGE, initiative),
            "can_see_trends": request.user.has_perm("surveys.view_indicator_trends"),
        },
    )


@login_required
def survey_create(request, pk):
    initiative = load_initiative(request, pk, CHANGE)
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.survey_create(initiative=initiative, user=request.user, **form.service_fields())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The survey was created. Now add the questions."))
            return redirect("surveys:questions", pk=initiative.pk, survey_pk=survey.pk)
    return render(request, "surveys/survey_form.html", {"initiative": initiative, "form": form})


@login_required
def survey_edit(request, pk, survey_pk):
    initiative, survey = _load_survey(request, pk, survey_pk, CHANGE)
    form = SurveyForm(request.POST or None, instance=survey)
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        if form.fields["anonymous"].disabled:
            fields.pop("anonymous", None)
        try:
            services.survey_update(survey=survey, **fields)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect(survey)
    return render(request, "surveys/survey_form.html", {"initiative": initiative, "survey": survey, "form": form})


@login_required
def survey_detail(request, pk, survey_pk):
    initiative, survey = _load_survey(request, pk, survey_pk)
    return render(
        request,
        "surveys/survey_detail.html",
        {
            "initiative": initiative,
            "survey": survey,
            "questions": selectors.question_list(survey=survey),
            "response_count": survey.responses.filter(completed=True).count(),
            "recipients": selectors.recipient_counts(survey=survey),
            "can_change": request.user.has_perm(CHANGE, initiative),
            "can_distribute": request.user.has_perm(DISTRIBUTE, initiative),
        },
    )


def _questions_response(request, initiative, survey, *, form=None, status=200):
    context = {
        "initiative": initiative,
        "survey": survey,
        "questions": selectors.question_list(survey=survey),
        "form": form or QuestionForm(survey=survey),
        "indicator_form": IndicatorAddForm(queryset=selectors.indicators_available(survey=survey)),
        "has_answers": survey.responses.exists(),
    }
    template = "surveys/_questions.html" if request.htmx else "surveys/questions.html"
    return render(request, template, context, status=status)


@login_required
def questions(request, pk, survey_pk):
    initiative, survey = _load_survey(request, pk, survey_pk, CHANGE)
    if request.method != "POST":
        return _questions_response(request, initiative, survey)
    form = QuestionForm(request.POST, survey=survey)
    if form.is_valid():
        try:
            services.question_create(survey=survey, **form.service_fields())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The question was added."))
            return redirect("surveys:questions", pk=pk, survey_pk=survey_pk)
    return _questions_response(request, initiative, survey, form=form, status=400)


def _load_question(request, pk, survey_pk, question_pk):
    initiative, survey = _load_survey(request, pk, survey_pk, CHANGE)
    return initiative, survey, get_object_or_404(Question, pk=question_pk, survey=survey)


@login_required
def question_edit(request, pk, survey_pk, question_pk):
    initiative, survey, question = _load_question(request, pk, survey_pk, question_pk)
    form = QuestionForm(request.POST or None, survey=survey, question=question)
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        if question.indicator_id:
            fields.update(kind=question.kind, text=question.text)
        try:
            services.question_update(question=question, **fields)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect("surveys:questions", pk=pk, survey_pk=survey_pk)
    return render(
        request,
        "surveys/question_form.html",
        {"initiative": initiative, "survey": survey, "question": question, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def question_delete(request, pk, survey_pk, question_pk):
    initiative, survey, question = _load_question(request, pk, survey_pk, question_pk)
    services.question_delete(question=question)
    messages.success(request, _("The question was deleted."))
    return redirect("surveys:questions", pk=pk, survey_pk=survey_pk)


@login_required
@require_POST
def question_move(request, pk, survey_pk, question_pk):
    initiative, survey, question = _load_question(request, pk, survey_pk, question_pk)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        return HttpResponse(status=400)
    try:
        services.question_move(question=question, direction=direction)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect_unless_htmx(
        request,
        reverse("surveys:questions", args=[pk, survey_pk]),
        lambda: _questions_response(request, initiative, survey),
    )


@login_required
@require_POST
def indicators_add(request, pk, survey_pk):
    initiative, survey = _load_survey(request, pk, survey_pk, CHANGE)
    form = IndicatorAddForm(request.POST, queryset=selectors.indicators_available(survey=survey))
    if form.is_valid():
        added = services.indicators_add(survey=survey, indicators=form.cleaned_data["indicators"])
        messages.success(
            request,
            ngettext("%(count)d indicator question was added.", "%(count)d indicator questions were added.", added)
            % {"count": added},
        )
    else:
        messages.error(request, _("Choose at least one indicator question."))
    return redirect("surveys:questions", pk=pk, survey_pk=survey_pk)


@login_required
def preview(request, pk, survey_pk):
    initiative, survey = _load_survey(request, pk, survey_pk)
    questions = selectors.questions_as_read(survey=survey)
    form = AnswerForm(request.POST or None, questions=questions)
    if request.method == "POST":
        form.is_valid()  # shows the messages a respondent would get; nothing is stored
    return render(
        request,
        "surveys/public/answer.html",
        {"survey": survey, "form": form, "preview": True, "initiative": initiative},
    )


# Distribution ----------------------------------------------------------------------------


def _distribution_page(request, initiative, survey, *, form=None, status=200):
    return render(
        request,
        "surveys/distribution.html",
        {
            "initiative": initiative,
            "survey": survey,
            "form": form or RecipientsForm(),
            "recipients": selectors.recipient_counts(survey=survey),
            "recent": selectors.recipient_list(survey=survey)[:10],
            "participants": meeting_selectors.contactable_participant_emails(initiative=initiative),
        },
        status=status,
    )


@login_required
def distribution(request, pk, survey_pk):
    initiative, survey = _load_survey(request, pk, survey_pk, DISTRIBUTE)
    return _distribution_page(request, initiative, survey)


@login_required
def qr_code(request, pk, survey_pk):
    _initiative, survey = _load_survey(request, pk, survey_pk)
    buffer = io.BytesIO()
    segno.make(survey.public_link, error="m").save(buffer, kind="svg", scale=10, border=4, title=survey.title)
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    if request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="qr-{survey.slug}.svg"'
    return response


def _added_message(request, result, invalid=()):
    """Say what happened: who is new and invited, who already was (not sent again), what was repeated."""
    if result.added:
        messages.success(
            request,
            ngettext(
                "%(count)d new recipient was added; the invitation is on its way.",
                "%(count)d new recipients were added; the invitations are on their way.",
                result.added,
            )
            % {"count": result.added},
        )
    if result.already:
        (messages.info if result.added else messages.warning)(
            request,
            ngettext(
                "%(count)d address was already on the list and was not sent a new invitation.",
                "%(count)d addresses were already on the list and were not sent a new invitation.",
                result.already,
            )
            % {"count": result.already},
        )
    if result.repeated:
        messages.info(
            request,
            ngettext(
                "%(count)d address appeared more than once in what you added and was counted once.",
                "%(count)d addresses appeared more than once in what you added and were counted once.",
                result.repeated,
            )
            % {"count": result.repeated},
        )
    if invalid:
        messages.warning(
            request,
            _("These addresses were not valid and were skipped: %(list)s") % {"list": ", ".join(invalid[:20])},
        )


@login_required
@require_POST
def recipients_add(request, pk, survey_pk):
    initiative, survey = _load_survey(request, pk, survey_pk, DISTRIBUTE)
    form = RecipientsForm(request.POST, request.FILES)
    if not form.is_valid():
        return _distribution_page(request, initiative, survey, form=form, status=400)
    valid, invalid = services.emails_parse(form.cleaned_data["addresses"])
    if form.cleaned_data.get("csv_file"):
        more_valid, more_invalid = services.emails_from_csv(form.cleaned_data["csv_file"].read())
        valid, invalid = valid + more_valid, invalid + more_invalid
    if not valid:
        form.add_error(None, _("We found no valid e-mail addresses."))
        return _distribution_page(request, initiative, survey, form=form, status=400)
    try:
        result = services.recipients_add(survey=survey, emails=valid, language=request.LANGUAGE_CODE)
    except ValidationError as error:
        form.add_error(None, error)
        return _distribution_page(request, initiative, survey, form=form, status=400)
    _added_message(request, result, invalid)
    return redirect("surveys:distribution", pk=pk, survey_pk=survey_pk)


@login_required
def recipients(request, pk, survey_pk):
    initiative, survey = _load_survey(request, pk, survey_pk, DISTRIBUTE)
    query, status = request.GET.get("q", "")[:200], request.GET.get("status", "")
    page = Paginator(selectors.recipient_list(survey=survey, query=query, status=status), selectors.RECIPIENTS_PER_PAGE)
    page = page.get_page(request.GET.get("page"))
    return render(
        request,
        "surveys/recipients.html",
        {
            "initiative": initiative,
            "survey": survey,
            "page": page,
            "rows": selectors.recipient_rows(survey=survey, recipients=list(page.object_list)),
            "query": query,
            "status": status,
            "counts": selectors.recipient_counts(survey=survey),
            "max_resends": services.MAX_INVITATION_RESENDS,
        },
    )


def _back_to_recipients(request, pk, survey_pk):
    """Back to the list as it was searched and paged (each row's form carries q, status and page)."""
    kept = {name: request.POST[name] for name in ("q", "status", "page") if request.POST.get(name)}
    back = reverse("surveys:recipients", args=[pk, survey_pk])
    return redirect(f"{back}?{urlencode(kept)}" if kept else back)


@login_required
@require_POST
def recipient_resend(request, pk, survey_pk):
    _initiative, survey = _load_survey(request, pk, survey_pk, DISTRIBUTE)
    try:
        recipient = services.recipient_for(survey=survey, recipient_id=request.POST.get("recipient"))
        services.recipient_invitation_resend(recipient=recipient)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The invitation was sent again to %(email)s.") % {"email": recipient.email})
    return _back_to_recipients(request, pk, survey_pk)


@login_required
@require_POST
def recipient_remove(request, pk, survey_pk):
    _initiative, survey = _load_survey(request, pk, survey_pk, DISTRIBUTE)
    try:
        recipient = services.recipient_for(survey=survey, recipient_id=request.POST.get("recipient"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        services.recipient_remove(recipient=recipient)
        messages.success(
            request, _("%(email)s was removed and gets no more e-mails about this survey.") % {"email": recipient.email}
        )
    return _back_to_recipients(request, pk, survey_pk)


@login_required
@require_POST
def participants_invite(request, pk, survey_pk):
    initiative, survey = _load_survey(request, pk, survey_pk, DISTRIBUTE)
    participants = meeting_selectors.contactable_participants(initiative=initiative)
    if not participants:
        messages.error(request, _("No meeting participants have agreed to be contacted again."))
        return redirect("surveys:distribution", pk=pk, survey_pk=survey_pk)
    try:
        result = services.recipients_add(survey=survey, emails=list(participants), languages=participants)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        _added_message(request, result)
    return redirect("surveys:distribution", pk=pk, survey_pk=survey_pk)


# Results ---------------------------------------------------------------------------------


def _group_from(request) -> str:
    group = request.GET.get("gruppe", "")
    return group if group in RespondentGroup.values else ""


@login_required
def results(request, pk, survey_pk):
    initiative, survey = _load_survey(request, pk, survey_pk)
    group = _group_from(request)
    word = " ".join(request.GET.get("ord", "").split())[:100]
    user = request.user
    return render(
        request,
        "surveys/results.html",
        {
            "initiative": initiative,
            "survey": survey,
            "group": group,
            "groups": RespondentGroup.choices,
            "group_counts": selectors.group_counts(survey=survey),
            "recipients": selectors.recipient_counts(survey=survey),
            # Who the initiative reaches, counted as the answers come in: a group missing shows while it is open.
            "reach": target_group_reach(initiative=initiative),
            **result_charts.results_with_charts(
                survey=survey, group=group, include_texts=user.has_perm(EXPORT, initiative), word=word
            ),
            "word": word,
            "export_query": f"?gruppe={group}" if group else "",
            "can_export": user.has_perm(EXPORT, initiative),
            "can_make_insight": user.has_perm("insights.change_insights", initiative),
        },
    )


def _export_name(survey, ext, group: str = ""):
    return f"undersokelse-{survey.pk}-svar{'-' + group if group else ''}.{ext}"


def _export_response(request, survey, content, content_type: str, ext: str, group: str) -> HttpResponse:
    # Free-text answers may hold personal data: every export goes to the audit log.
    detail = f"answers ({ext}{', ' + group if group else ''})"
    audit_record(actor=request.user, action=Action.PERSONAL_DATA_EXPORTED, obj=survey, detail=detail)
    return attachment(content, filename=_export_name(survey, ext, group), content_type=content_type)


@login_required
def export_csv(request, pk, survey_pk):
    _initiative, survey = _load_survey(request, pk, survey_pk, EXPORT)
    group = _group_from(request)
    content = exports.answers_csv(survey=survey, group=group)
    return _export_response(request, survey, content, CSV_CONTENT_TYPE, "csv", group)


@login_required
def export_xlsx(request, pk, survey_pk):
    _initiative, survey = _load_survey(request, pk, survey_pk, EXPORT)
    group = _group_from(request)
    content = exports.answers_xlsx(survey=survey, group=group)
    return _export_response(request, survey, content, XLSX_CONTENT_TYPE, "xlsx", group)


@login_required
@require_POST
def answers_to_insights(request, pk, survey_pk):
    """Many chosen free-text answers to insights in one step (the results page's checkboxes)."""
    initiative, survey = _load_survey(request, pk, survey_pk)
    if not request.user.has_perm("insights.change_insights", initiative):
        raise PermissionDenied
    word = " ".join(request.POST.get("ord", "").split())[:100]
    group = request.POST.get("gruppe", "")
    # "All the answers to this question (with the word)": chosen by the filter, not one by one.
    answer_ids = (
        services.matching_answer_ids(survey=survey, question_id=request.POST["all_of"], word=word, group=group)
        if request.POST.get("all_of")
        else request.POST.getlist("answer")
    )
    try:
        created = services.insights_from_answers(
            survey=survey, answer_ids=answer_ids, theme_name=request.POST.get("theme_name", ""), user=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            ngettext(
                "%(count)s answer was saved as an insight.", "%(count)s answers were saved as insights.", len(created)
            )
            % {"count": len(created)},
        )
    back = reverse("surveys:results", args=[pk, survey_pk])
    return redirect(back + ("?" + urlencode({key: value for key, value in (("gruppe", group), ("ord", word)) if value})
                            if group or word else ""))


@login_required
@require_POST
def answer_to_insight(request, pk, survey_pk, answer_pk):
    initiative, survey = _load_survey(request, pk, survey_pk)
    if not request.user.has_perm("insights.change_insights", initiative):
        raise PermissionDenied
    answer = get_object_or_404(
        Answer.objects.select_related("question__survey__initiative"),
        pk=answer_pk,
        question__survey=survey,
        question__kind__in=[QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT],
    )
    try:
        services.insight_from_answer(answer=answer, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The answer was saved as an insight."))
    return redirect(reverse("surveys:results", args=[pk, survey_pk]) + f"#answer-{answer.pk}")


@login_required
def indicator_trends(request):
    if not request.user.has_perm("surveys.view_indicator_trends"):
        raise PermissionDenied
    form = IndicatorTrendFilterForm(request.GET or None, national_themes=insight_selectors.national_theme_choices())
    national_theme = form.cleaned_data.get("national_theme") if form.is_bound and form.is_valid() else None
    trends = selectors.indicator_trends(national_theme_id=national_theme.pk if national_theme else None)
    for trend in trends:
        points = trend["points"]
        trend["chart"] = charts.line_chart(
            chart_id=f"trend-{trend['indicator'].pk}",
            title=trend["indicator"].text,
            description=_("Mean agreement from 1 to 5 in each survey, oldest first: %(rows)s.")
            % {"rows": "; ".join(f"{p['survey']} ({p['opens_at']:%m.%Y}): {p['mean']:.1f}" for p in points)},
            points=[{"label": f"{p['opens_at']:%m.%Y}", "value": p["mean"]} for p in points],
        )
    return render(request, "surveys/indicator_trends.html", {"trends": trends, "form": form})


# Respondents -----------------------------------------------------------------------------


def answer_rate(group, request):
    return settings.SURVEYS_ANSWER_RATE


def answer_survey_rate(group, request):
    return settings.SURVEYS_ANSWER_SURVEY_RATE


def _answer_page(request, survey, form, *, status=200, error="", recipient=None, saved=False):
    response = render(
        request,
        "surveys/public/answer.html",
        {
            "survey": survey.localized(),
            "form": form,
            "error": error,
            "recipient": recipient,
            "saved": saved,
            "state": survey.state,
        },
        status=status,
    )
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
@ratelimit(key="ip", rate=answer_rate, method="POST", block=False, group="surveys.answer")
@ratelimit(key=url_slug, rate=answer_survey_rate, method="POST", block=False, group="surveys.answer-survey")
def public_answer(request, slug):
    survey = found_or_404(selectors.survey_public, slug=slug)
    questions = selectors.questions_as_read(survey=survey)
    if request.method != "POST":
        return _answer_page(request, survey, AnswerForm(questions=questions, public=True))
    form = AnswerForm(request.POST, questions=questions, public=True)
    if not survey.is_open():
        return _answer_page(request, survey, form, status=409)
    if getattr(request, "limited", False):
        return _answer_page(
            request,
            survey,
            form,
            status=429,
            error=_("Too many answers have been sent in a short time. Please wait a while and try again."),
        )
    if not form.is_valid():
        restart_form(form)
        return _answer_page(request, survey, form, status=400)
    if not form_token_claim(form):
        # This form was sent before (a double click, or a replayed token): stored once.
        return redirect("surveys:thanks", slug=survey.slug)
    try:
        services.response_submit_public(survey=survey, values=form.answers)
    except services.SurveyClosed:
        return _answer_page(request, survey, form, status=409)
    return redirect("surveys:thanks", slug=survey.slug)


def public_thanks(request, slug):
    survey = get_object_or_404(Survey, slug=slug)
    return _thanks_page(request, survey, kept=request.GET.get("varsel") == "1")


def _thanks_page(request, survey, *, status=200, **context):
    """The page after answering, with the offer to hear what happens (its form empty unless sent back)."""
    context.setdefault("hear_back_form", HearBackForm())
    return render(request, "surveys/public/thanks.html", {"survey": survey, **context}, status=status)


@never_cache
@require_POST
@ratelimit(key="ip", rate=answer_rate, method="POST", block=False, group="surveys.hear-back")
def hear_back(request, slug):
    """The address a respondent leaves to be told what happened: stored apart from the answers (insights)."""
    survey = get_object_or_404(Survey, slug=slug)
    form = HearBackForm(request.POST)
    if getattr(request, "limited", False):
        form.add_error(None, _("Too many answers have been sent in a short time. Please wait a while and try again."))
    elif form.is_valid():
        try:
            insight_services.hear_back_add(
                initiative=survey.initiative,
                email=form.cleaned_data["email"],
                language=getattr(request, "LANGUAGE_CODE", "nb"),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect(reverse("surveys:thanks", args=[survey.slug]) + "?varsel=1")
    return _thanks_page(request, survey, hear_back_form=form, status=400)


@never_cache
def personal_answer(request, token):
    recipient = found_or_404(selectors.recipient_by_token, token=token)
    survey = recipient.survey
    questions = selectors.questions_as_read(survey=survey)
    if recipient.answered_at:
        return _thanks_page(request, survey, already=True)
    if request.method != "POST":
        form = AnswerForm(questions=questions)
        draft = services.draft_for(recipient=recipient)
        if draft is not None:
            form.initial_from_answers(draft.answers.all())
        return _answer_page(request, survey, form, recipient=recipient, saved=draft is not None)
    form = AnswerForm(request.POST, questions=questions)
    complete = request.POST.get("action") != "save"
    form.require_answers = complete
    if not survey.is_open():
        return _answer_page(request, survey, form, status=409, recipient=recipient)
    if not form.is_valid():
        return _answer_page(request, survey, form, status=400, recipient=recipient)
    try:
        services.response_save_personal(
            recipient=recipient, values=form.answers, complete=complete, language=request.LANGUAGE_CODE
        )
    except services.AlreadyAnswered:
        return _thanks_page(request, survey, already=True)
    except services.SurveyClosed:
        return _answer_page(request, survey, form, status=409, recipient=recipient)
    if complete:
        return _thanks_page(request, survey)
    messages.success(
        request, _("Your answers are saved. Open the link in your e-mail again to continue where you left off.")
    )
    return redirect("surveys:personal", token=token)
