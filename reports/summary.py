"""What the initiative summary PDF shows, collected in a bounded number of queries.

``summary_data`` returns plain data (strings, numbers, dates, lists and dicts, charts as SVG
strings) and nothing else, so the PDF's HTML is the same while nothing shown has changed
(core.stored_pdfs then gives the same PDF again). The query count does
not grow with the number of insights, actions, registrations or answers; surveys are capped
at ``MAX_SURVEYS`` (each costs a fixed handful of queries).
"""
from __future__ import annotations

from django.db.models import Case, Count, F, IntegerField, Q, Value, When, Window
from django.db.models.functions import RowNumber

from dialogues.models import AgeGroup, Meeting, Registration, RegistrationStatus
from dialogues.surveys import result_charts
from dialogues.surveys import selectors as survey_selectors
from dialogues.surveys.models import Audience
from insights import selectors as insight_selectors
from insights.models import ActionStatus, Actor, FollowUpAction, Insight, Kind

# Bump when the PDF template or the data changes shape, so old PDFs are not reused.
SUMMARY_VERSION = 2
MAX_SURVEYS = 5
MAX_THEMES_WITH_QUOTES = 10
QUOTES_PER_THEME = 3
MAX_QUOTES = 6
QUOTE_LENGTH = 300


def _shorten(text: str, length: int = QUOTE_LENGTH) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _goal(initiative) -> dict:
    return {
        "title": initiative.title,
        "organisation": str(initiative.owner_organisation),
        "problem": initiative.problem,
        "goal": initiative.goal,
        "target_groups": [group.name for group in initiative.target_groups.all()],
        "involvement_mode": str(initiative.get_involvement_mode_display()),
        "phase": str(initiative.get_phase_display()),
        "status": str(initiative.get_status_display()),
        "municipality": initiative.municipality,
        "area": initiative.area_description,
        "start_date": initiative.start_date,
        "end_date": initiative.end_date,
        "anchored_by": initiative.anchored_by,
        "anchored_on": initiative.anchored_on,
    }


def _meetings(initiative) -> dict:
    """The meetings in time order with registrations and attendance, attendance split by age group."""
    meetings = list(
        Meeting.objects.filter(initiative=initiative)
        .select_related("method")
        .order_by("starts_at", "id")
        .values("id", "title", "starts_at", "format", "method__name")
    )
    counts = (
        Registration.objects.filter(meeting__initiative=initiative)
        .values("meeting_id", "age_group")
        .annotate(
            registered=Count("id", filter=Q(status=RegistrationStatus.CONFIRMED)),
            attended=Count("id", filter=Q(attended=True)),
        )
        .order_by()
    )
    by_meeting: dict[int, dict] = {}
    for row in counts:
        entry = by_meeting.setdefault(row["meeting_id"], {"registered": 0, "attended": 0, "ages": {}})
        entry["registered"] += row["registered"]
        entry["attended"] += row["attended"]
        entry["ages"][row["age_group"]] = entry["ages"].get(row["age_group"], 0) + row["attended"]
    age_groups = [{"value": value, "label": str(label)} for value, label in AgeGroup.choices]
    formats = dict(Meeting._meta.get_field("format").choices)
    rows = []
    totals = {"registered": 0, "attended": 0, "ages": [0] * len(age_groups)}
    for meeting in meetings:
        entry = by_meeting.get(meeting["id"], {"registered": 0, "attended": 0, "ages": {}})
        ages = [entry["ages"].get(group["value"], 0) for group in age_groups]
        rows.append(
            {
                "title": meeting["title"],
                "starts_at": meeting["starts_at"],
                "format": str(formats.get(meeting["format"], meeting["format"])),
                "method": meeting["method__name"] or "",
                "registered": entry["registered"],
                "attended": entry["attended"],
                "ages": ages,
            }
        )
        totals["registered"] += entry["registered"]
        totals["attended"] += entry["attended"]
        totals["ages"] = [a + b for a, b in zip(totals["ages"], ages, strict=True)]
    return {"age_groups": age_groups, "rows": rows, "totals": totals}


def _insights(initiative) -> dict:
    """Counts by theme and source, and for the largest themes a few insights, prioritised and quotes first."""
    counts = insight_selectors.insight_counts(initiative=initiative)
    themes = [{"id": theme.pk, "name": theme.name, "count": theme.n} for theme in counts.by_theme if theme.n]
    quoted_theme_ids = [theme["id"] for theme in themes[:MAX_THEMES_WITH_QUOTES]]
    quote_first = Case(When(insight__kind=Kind.QUOTE, then=Value(1)), default=Value(0), output_field=IntegerField())
    through = Insight.themes.through
    ranked = (
        through.objects.filter(
            theme_id__in=quoted_theme_ids, insight__initiative=initiative, insight__merged_into__isnull=True
        )
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("theme_id")],
                order_by=[
                    F("insight__is_priority").desc(),
                    quote_first.desc(),
                    F("insight__created_at").desc(),
                    F("insight_id").desc(),
                ],
            )
        )
        .filter(rank__lte=QUOTES_PER_THEME)
        .values("theme_id", "rank", "insight__text", "insight__kind")
        .order_by("theme_id", "rank")
    )
    kinds = dict(Kind.choices)
    examples: dict[int, list] = {}
    for row in ranked:
        examples.setdefault(row["theme_id"], []).append(
            {"text": _shorten(row["insight__text"]), "kind": str(kinds.get(row["insight__kind"], ""))}
        )
    for theme in themes:
        theme["examples"] = examples.get(theme.pop("id"), [])
    quotes = [
        _shorten(text)
        for text in insight_selectors.insight_base(initiative=initiative)
        .filter(kind=Kind.QUOTE)
        .order_by("-is_priority", "-created_at", "-id")
        .values_list("text", flat=True)[:MAX_QUOTES]
    ]
    return {
        "total": counts.total,
        "without_theme": counts.without_theme,
        "themes": themes,
        "quoted_themes": MAX_THEMES_WITH_QUOTES,
        "by_source": [{"label": str(label), "count": n} for label, n in counts.by_source],
        "quotes": quotes,
    }


def _actions(initiative) -> dict:

    actions = list(
        FollowUpAction.objects.filter(initiative=initiative)
        .order_by("created_at", "id")
        .values("title", "owner", "responsible", "period_start", "period_end", "status")
    )
    owners, statuses = dict(Actor.choices), dict(ActionStatus.choices)
    order = {value: i for i, value in enumerate(ActionStatus.values)}
    actions.sort(key=lambda row: order.get(row["status"], 99))
    by_status = {value: 0 for value in ActionStatus.values}
    for row in actions:
        by_status[row["status"]] = by_status.get(row["status"], 0) + 1
    return {
        "total": len(actions),
        "by_status": [{"label": str(statuses[value]), "count": by_status[value]} for value in ActionStatus.values],
        "rows": [
            {
                "title": row["title"],
                "owner": str(owners.get(row["owner"], row["owner"])),
                "responsible": row["responsible"],
                "period_start": row["period_start"],
                "period_end": row["period_end"],
                "status": str(statuses.get(row["status"], row["status"])),
                "completed": row["status"] == ActionStatus.COMPLETED,
            }
            for row in actions
        ],
    }


def _surveys(initiative) -> list[dict]:
    """The latest surveys' results with a bar chart per question; free-text answers are only counted."""
    audiences = dict(Audience.choices)
    result = []
    for survey in list(survey_selectors.survey_list(initiative=initiative)[:MAX_SURVEYS]):
        data = survey_selectors.survey_results(survey=survey)
        groups = [
            {"label": str(row["label"]), "count": row["count"], "percent": row["percent"]}
            for row in survey_selectors.group_counts(survey=survey)
        ]
        questions = []
        for item in data["questions"]:
            question = item["question"]
            entry = {"text": question.text, "answered": item["answered"]}
            if "rows" in item:
                rows = [
                    {"label": str(row["label"]), "count": row["count"], "percent": row["percent"]}
                    for row in item["rows"]
                ]
                entry["mean"] = round(item["mean"], 1) if item.get("mean") is not None else None
                chart_id = f"summary-s{survey.pk}-q{question.pk}"
                entry["chart"] = str(result_charts.question_chart({**item, "rows": rows}, chart_id=chart_id))
            else:
                entry["text_answers"] = item["answered"]
            questions.append(entry)
        result.append(
            {
                "title": survey.title,
                "audience": str(audiences.get(survey.audience, survey.audience)),
                "opens_at": survey.opens_at,
                "closes_at": survey.closes_at,
                "responses": data["response_count"],
                "groups": groups,
                "questions": questions,
            }
        )
    return result


def _kuba(initiative) -> dict | None:

    kuba = insight_selectors.kuba_input_for(initiative=initiative)
    if kuba is None:
        return None
    return {
        "intro": kuba.intro,
        "meeting_date": kuba.meeting_date,
        "items": [
            {"text": item.text, "action": item.action.title if item.action else ""} for item in kuba.items.all()
        ],
    }


def summary_data(*, initiative) -> dict:
    """Everything the PDF shows. ``initiative`` should come with owner_organisation and target_groups loaded."""
    return {
        "version": SUMMARY_VERSION,
        "initiative": _goal(initiative),
        "meetings": _meetings(initiative),
        "insights": _insights(initiative),
        "actions": _actions(initiative),
        "surveys": _surveys(initiative),
        "kuba": _kuba(initiative),
    }
