"""Reads: survey lists, questions, and results aggregated in the database.

Every function here runs a fixed number of queries whatever the number of
responses: counting is done by ``values().annotate(Count(...))``, and the counts
are cached per survey until it gets another response (``results_scope``).
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Avg, Count, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from innbyggerstemmen.core import cache_versions
from insights import selectors as insight_selectors

from .models import (
    CHOICE_KINDS,
    NUMBER_KINDS,
    TEXT_KINDS,
    Answer,
    IndicatorQuestion,
    Question,
    Recipient,
    ReminderSent,
    RespondentGroup,
    Response,
    Survey,
)

TEXT_ANSWERS_SHOWN = 100


def survey_list(*, initiative):
    return (
        Survey.objects.filter(initiative=initiative)
        .annotate(
            response_count=Count("responses", filter=Q(responses__completed=True), distinct=True),
            question_count=Count("questions", distinct=True),
        )
        .order_by("-opens_at", "-id")
    )


def survey_get(*, initiative, pk: int) -> Survey:
    return Survey.objects.select_related("initiative").get(initiative=initiative, pk=pk)


def survey_public(*, slug: str) -> Survey:
    return Survey.objects.select_related("initiative").get(slug=slug)


def recipient_by_token(*, token: str) -> Recipient:
    return Recipient.objects.select_related("survey", "survey__initiative").get(token=token)


def question_list(*, survey: Survey) -> list[Question]:
    return list(survey.questions.select_related("show_if_question", "indicator").order_by("position", "id"))


def indicators_available(*, survey: Survey):
    return IndicatorQuestion.objects.filter(active=True).exclude(questions__survey=survey).order_by("text")


RECIPIENT_STATUSES = ("not_answered", "answered", "not_invited")
RECIPIENTS_PER_PAGE = 50


def recipient_list(*, survey: Survey, query: str = "", status: str = "") -> QuerySet[Recipient]:
    """The survey's recipients, newest first, found by part of the address and by where they are."""
    recipients = Recipient.objects.filter(survey=survey)
    if query := query.strip():
        recipients = recipients.filter(email__icontains=query)
    if status == "not_answered":
        recipients = recipients.filter(invited_at__isnull=False, answered_at__isnull=True)
    elif status == "answered":
        recipients = recipients.filter(answered_at__isnull=False)
    elif status == "not_invited":
        recipients = recipients.filter(invited_at__isnull=True)
    return recipients.order_by("-created_at", "-id")


@dataclass(frozen=True)
class RecipientRow:
    recipient: Recipient
    reminders: list  # when each reminder went, in order
    next_reminder: object  # when the next one goes (a datetime), or None


def recipient_rows(*, survey: Survey, recipients: list[Recipient]) -> list[RecipientRow]:
    """A page of recipients with their reminder history and next reminder (one query for the page's reminders)."""
    sent = defaultdict(list)
    for recipient_id, at in (
        ReminderSent.objects.filter(recipient__in=recipients).order_by("number").values_list("recipient_id", "created_at")
    ):
        sent[recipient_id].append(at)
    rows, now = [], timezone.now()
    for recipient in recipients:
        upcoming = None
        if recipient.answered_at is None and survey.state != "closed":
            upcoming = survey.reminder_next(invited_at=recipient.invited_at, sent_count=len(sent[recipient.pk]))
        rows.append(
            RecipientRow(
                recipient=recipient,
                reminders=sent[recipient.pk],
                # One already due goes with the next run of the reminder job: today, not a day gone by.
                next_reminder=max(upcoming[1], now) if upcoming and upcoming[1] < survey.closes_at else None,
            )
        )
    return rows


def questions_as_read(*, survey: Survey) -> list[Question]:
    """The questions in the reader's language (the answer page), each condition pointing at its shown version."""
    shown = [question.localized() for question in question_list(survey=survey)]
    by_pk = {question.pk: question for question in shown}
    for question in shown:
        if question.show_if_question_id in by_pk:
            question.show_if_question = by_pk[question.show_if_question_id]
    return shown


def recipient_counts(*, survey: Survey) -> dict:
    return Recipient.objects.filter(survey=survey).aggregate(
        total=Count("id"),
        invited=Count("id", filter=Q(invited_at__isnull=False)),
        answered=Count("id", filter=Q(answered_at__isnull=False)),
    )


def results_scope(survey_id: int) -> str:
    """The cache scope of one survey's counted answers (core.cache_versions); see results_cache.py."""
    return f"survey-results:{survey_id}"


def _cached(survey: Survey, key: str, compute):
    return cache_versions.get_or_compute(results_scope(survey.pk), key, compute)


def group_counts(*, survey: Survey) -> list[dict]:
    def compute():
        return list(
            Response.objects.filter(survey=survey, completed=True)
            .values_list("respondent_group")
            .annotate(n=Count("id"))
            .order_by("respondent_group")
        )

    rows = _cached(survey, "groups", compute)
    labels = dict(RespondentGroup.choices)
    total = sum(n for _group, n in rows)
    return [
        {
            "value": group,
            "label": labels.get(group, group),
            "count": n,
            "percent": round(100 * n / total) if total else 0,
        }
        for group, n in rows
    ]


def responses_per_day(*, survey: Survey, group: str = "") -> list[dict]:
    def compute():
        responses = Response.objects.filter(survey=survey, completed=True)
        if group:
            responses = responses.filter(respondent_group=group)
        return list(
            responses.annotate(day=TruncDate("submitted_at")).values_list("day").annotate(n=Count("id")).order_by("day")
        )

    total, result = 0, []
    for day, n in _cached(survey, f"per-day:{group}", compute):
        total += n
        result.append({"day": day, "count": n, "cumulative": total})
    return result


def _answer_tallies(*, survey: Survey, questions: list[Question], group: str, word: str = "") -> dict:
    """The counted answers behind the results page, as plain data that can be cached."""
    responses = Response.objects.filter(survey=survey, completed=True)
    answers = Answer.objects.filter(question__survey=survey, response__completed=True)
    if group:
        responses = responses.filter(respondent_group=group)
        answers = answers.filter(response__respondent_group=group)

    choice_counts = defaultdict(dict)
    for question_id, choice, n in (
        answers.filter(question__kind__in=CHOICE_KINDS).values_list("question_id", "choice").annotate(n=Count("id"))
    ):
        choice_counts[question_id][choice] = n
    number_counts = defaultdict(dict)
    for question_id, number, n in (
        answers.filter(question__kind__in=NUMBER_KINDS).values_list("question_id", "number").annotate(n=Count("id"))
    ):
        number_counts[question_id][number] = n
    # How many responses answered each question at all (multiple choice: one response, several rows).
    answered = dict(
        answers.values("question_id").annotate(n=Count("response_id", distinct=True)).values_list("question_id", "n")
    )
    text_question_ids = [q.pk for q in questions if q.kind in TEXT_KINDS]
    texts = defaultdict(list)
    if text_question_ids:
        # Latest answers per question, one query: a window would be neater, this is portable and bounded.
        for answer_id, question_id, text in (
            answers.filter(question_id__in=text_question_ids, **({"text__icontains": word} if word else {}))
            .exclude(text="")
            .order_by("-id")
            .values_list("id", "question_id", "text")[: TEXT_ANSWERS_SHOWN * len(text_question_ids)]
        ):
            if len(texts[question_id]) < TEXT_ANSWERS_SHOWN:
                texts[question_id].append({"pk": answer_id, "text": text})
        text_counts = dict(
            answers.filter(question_id__in=text_question_ids, **({"text__icontains": word} if word else {}))
            .exclude(text="")
            .values("question_id")
            .annotate(n=Count("id"))
            .values_list("question_id", "n")
        )
    else:
        text_counts = {}
    return {
        "response_count": responses.count(),
        "choice_counts": dict(choice_counts),
        "number_counts": dict(number_counts),
        "answered": answered,
        "texts": dict(texts),
        "text_counts": text_counts,
    }


def survey_results(*, survey: Survey, group: str = "", word: str = "") -> dict:
    """Everything the results page shows: the questions as they are now, their answers counted in the
    database and cached until the survey gets another response (a fixed number of queries either way).
    ``word`` narrows the free-text answers shown to those containing it (any case)."""
    questions = question_list(survey=survey)
    word = " ".join(word.split())[:100]
    tallies = _cached(
        survey,
        f"tallies:{group}:{hashlib.sha256(word.lower().encode()).hexdigest()[:12] if word else ''}:"
        + ",".join(f"{q.pk}{q.kind}" for q in questions),
        lambda: _answer_tallies(survey=survey, questions=questions, group=group, word=word),
    )
    answered = tallies["answered"]
    results = []
    for question in questions:
        n = answered.get(question.pk, 0)
        item = {"question": question, "answered": n, "kind": question.kind}
        if question.kind in CHOICE_KINDS or question.kind in NUMBER_KINDS:
            number_counts = tallies["number_counts"].get(question.pk, {})
            counts = (
                tallies["choice_counts"].get(question.pk, {})
                if question.kind in CHOICE_KINDS
                else {str(k): v for k, v in number_counts.items()}
            )
            options = question.option_pairs()
            known = {value for value, _label in options}
            # Options removed after answers were given still count.
            options += [(value, value) for value in counts if value not in known]
            item["rows"] = [
                {
                    "value": value,
                    "label": label,
                    "short": value if question.kind in NUMBER_KINDS else label,
                    "count": counts.get(value, 0),
                    "percent": round(100 * counts.get(value, 0) / n) if n else 0,
                }
                for value, label in options
            ]
            if question.kind in NUMBER_KINDS:
                item["mean"] = _mean(counts)
        else:
            item["texts"] = tallies["texts"].get(question.pk, [])
            item["text_count"] = tallies["text_counts"].get(question.pk, 0)
        results.append(item)
    return {"response_count": tallies["response_count"], "questions": results}


def _group_tallies(*, survey: Survey) -> dict:
    """Answers counted per question, respondent group and value; how many of each group answered each question."""
    answers = Answer.objects.filter(question__survey=survey, response__completed=True)
    counts = defaultdict(lambda: defaultdict(dict))
    for question_id, group, choice, number, n in (
        answers.filter(question__kind__in=CHOICE_KINDS | NUMBER_KINDS)
        .values_list("question_id", "response__respondent_group", "choice", "number")
        .annotate(n=Count("id"))
    ):
        counts[question_id][group][choice or str(number)] = n
    answered = defaultdict(dict)
    for question_id, group, n in (
        answers.values("question_id", "response__respondent_group")
        .annotate(n=Count("response_id", distinct=True))
        .values_list("question_id", "response__respondent_group", "n")
    ):
        answered[question_id][group] = n
    return {"counts": {q: dict(by_group) for q, by_group in counts.items()}, "answered": dict(answered)}


def survey_crosstab(*, survey: Survey, results: dict) -> dict[int, dict]:
    """The answer groups side by side for each choice and number question: {question id: table}.

    Each table has the groups that answered (columns, with how many answered the question) and
    one row per option with each group's count and share, then everyone's (``results``, the
    page's own figures); number questions end with a row of means. Two queries, cached with the results.
    """
    groups = [row for row in group_counts(survey=survey) if row["count"]]
    if len(groups) < 2:
        return {}
    tallies = _cached(survey, "crosstab", lambda: _group_tallies(survey=survey))
    tables = {}
    for item in results["questions"]:
        if "rows" not in item:
            continue
        question_id = item["question"].pk
        counts, answered = tallies["counts"].get(question_id, {}), tallies["answered"].get(question_id, {})

        def cell(group, value, counts=counts, answered=answered):
            n, total = counts.get(group, {}).get(value, 0), answered.get(group, 0)
            return {"count": n, "percent": round(100 * n / total) if total else 0}

        table = {
            "columns": [{"label": g["label"], "answered": answered.get(g["value"], 0)} for g in groups],
            "rows": [
                {"label": row["label"], "cells": [cell(g["value"], row["value"]) for g in groups] + [row]}
                for row in item["rows"]
            ],
            "total_answered": item["answered"],
        }
        if "mean" in item:
            table["means"] = [_mean(counts.get(g["value"], {})) for g in groups] + [item["mean"]]
        tables[question_id] = table
    return tables


def _mean(counts: dict[str, int]) -> float | None:
    n = sum(counts.values())
    return sum(int(value) * count for value, count in counts.items()) / n if n else None


def indicator_trends(*, national_theme_id: int | None = None) -> list[dict]:
    """For each indicator: its mean and number of answers in each survey that asked it, over time.
    ``national_theme_id``: only the surveys of initiatives with a theme mapped to it."""
    answers = Answer.objects.filter(question__indicator__isnull=False, response__completed=True, number__isnull=False)
    if national_theme_id:
        answers = answers.filter(
            question__survey__initiative__in=insight_selectors.initiatives_with_national_theme(
                national_theme_id=national_theme_id
            )
        )
    rows = (
        answers
        .values(
            "question__indicator_id",
            "question__survey_id",
            "question__survey__title",
            "question__survey__audience",
            "question__survey__opens_at",
            "question__survey__initiative__title",
        )
        .annotate(mean=Avg("number"), n=Count("id"))
        .order_by("question__indicator_id", "question__survey__opens_at", "question__survey_id")
    )
    by_indicator = defaultdict(list)
    for row in rows:
        by_indicator[row["question__indicator_id"]].append(row)
    from .models import Audience

    audiences = dict(Audience.choices)
    return [
        {
            "indicator": indicator,
            "points": [
                {
                    "survey": r["question__survey__title"],
                    "initiative": r["question__survey__initiative__title"] or "",
                    "audience": audiences.get(r["question__survey__audience"], ""),
                    "opens_at": r["question__survey__opens_at"],
                    "mean": r["mean"],
                    "count": r["n"],
                }
                for r in by_indicator.get(indicator.pk, [])
            ],
        }
        for indicator in IndicatorQuestion.objects.order_by("text")
    ]


def export_rows(*, survey: Survey, group: str = ""):
    """Header and one row per completed response, streamed from the database in order.

    With ``group`` only that respondent group's responses: the file is what the results page showed.
    """
    questions = question_list(survey=survey)
    header = [_("Response"), _("Submitted"), _("Respondent group")]
    if not survey.anonymous:
        header.append(_("E-mail address"))
    header += [q.text for q in questions]
    yield header
    labels = dict(RespondentGroup.choices)
    index = {q.pk: i for i, q in enumerate(questions)}
    # Picked options as their labels ("13–15 år"), not the stored codes ("13-15").
    option_labels = {q.pk: dict(q.option_pairs()) for q in questions if q.kind in CHOICE_KINDS}
    current, row = None, None
    answers = Answer.objects.filter(response__survey=survey, response__completed=True)
    if group:
        answers = answers.filter(response__respondent_group=group)
    answers = (
        answers.values_list(
            "response_id",
            "response__submitted_at",
            "response__respondent_group",
            "response__recipient__email",
            "question_id",
            "choice",
            "number",
            "text",
        )
        .order_by("response_id", "id")
    )
    for response_id, submitted, group, email, question_id, choice, number, text in answers.iterator(chunk_size=2000):
        if response_id != current:
            if row is not None:
                yield _flatten(row, base)
            current = response_id
            # An anonymous answer keeps only its day (stored as noon): written as a date, not "12:00".
            when = timezone.localdate(submitted) if survey.anonymous and submitted else submitted
            base = [response_id, when, str(labels.get(group, group))]
            if not survey.anonymous:
                base.append(email or "")
            row = [[] for _ in questions]
        value = option_labels.get(question_id, {}).get(choice, choice) if choice else number if number is not None else text
        if question_id in index and value not in ("", None):
            row[index[question_id]].append(value)
    if row is not None:
        yield _flatten(row, base)


def _flatten(row, base):
    cells = []
    for values in row:
        if not values:
            cells.append("")
        elif len(values) == 1:
            cells.append(values[0])
        else:
            cells.append("; ".join(str(v) for v in values))
    return base + cells
