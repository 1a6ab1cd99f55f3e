"""The leader's summary: the initiative on one to three pages, condensed from the full report's data.

What was done, who took part (set against the target groups), what we heard most, the actions and
their status, and what comes next. The details stay in the full report (summary.py); this module
only chooses and counts, so both documents always agree.
"""
from __future__ import annotations

from django.utils import timezone

from dialogues.models import AgeGroup, Meeting
from dialogues.reach import target_group_reach
from dialogues.surveys.models import RespondentGroup, Survey

from . import summary

# What fits on three A4 pages at the PDF's type size, with room for long titles.
TOP_THEMES = 5
ACTIONS_LISTED = 8
NEXT_ITEMS = 5
YOUTH_AGE_GROUPS = ("13-15", "16-18")


def _who_took_part(data: dict) -> dict:
    """Meeting attendance by age group and survey answers by respondent group, with the youth share of each."""
    meetings = data["meetings"]
    attended = dict(zip([g["value"] for g in meetings["age_groups"]], meetings["totals"]["ages"], strict=True))
    attended_total = sum(attended.values())
    youth_attended = sum(attended.get(value, 0) for value in YOUTH_AGE_GROUPS)
    answers: dict[str, int] = {}
    for survey in data["surveys"]:
        for row in survey["groups"]:
            answers[row["label"]] = answers.get(row["label"], 0) + row["count"]
    answers_total = sum(answers.values())
    youth_label = str(RespondentGroup.YOUTH.label)
    return {
        "target_groups": data["initiative"]["target_groups"],
        "attendance": [
            {"label": str(label), "count": attended.get(value, 0)} for value, label in AgeGroup.choices
        ],
        "attended_total": attended_total,
        "answers": [{"label": label, "count": n} for label, n in answers.items()],
        "answers_total": answers_total,
        "youth_meeting_percent": round(100 * youth_attended / attended_total) if attended_total else None,
        "youth_answer_percent": round(100 * answers.get(youth_label, 0) / answers_total) if answers_total else None,
    }


def _reach(initiative) -> list[dict]:
    """Each target group set against its size (dialogues/reach.py), the under-represented flagged."""
    return [
        {
            "group": row.target_group,
            "size": row.size,
            "answered_percent": row.answered_percent,
            "expected_percent": row.expected_percent,
            "under_represented": row.under_represented,
        }
        for row in target_group_reach(initiative=initiative)
        if row.size
    ]


def _what_next(initiative, data: dict) -> list[dict]:
    """Dated steps ahead: meetings, surveys still open, the KUBA meeting, actions due."""
    now = timezone.now()
    today = timezone.localdate()
    # Only the dates and titles: the selectors' lists would count registrations and answers for nothing here.
    steps = [
        {"date": timezone.localdate(starts_at), "text": title, "kind": "meeting"}
        for title, starts_at in Meeting.objects.filter(initiative=initiative, starts_at__gt=now)
        .order_by("starts_at", "id")
        .values_list("title", "starts_at")[:NEXT_ITEMS]
    ]
    steps += [
        {"date": timezone.localdate(closes_at), "text": title, "kind": "survey"}
        for title, closes_at in Survey.objects.filter(initiative=initiative, closes_at__gt=now)
        .order_by("closes_at", "id")
        .values_list("title", "closes_at")[:NEXT_ITEMS]
    ]
    kuba = data["kuba"]
    if kuba and kuba["meeting_date"] and kuba["meeting_date"] >= today:
        steps.append({"date": kuba["meeting_date"], "text": "", "kind": "kuba"})
    steps += [
        {"date": row["period_end"], "text": row["title"], "kind": "action"}
        for row in data["actions"]["rows"]
        if not row["completed"] and row["period_end"] and row["period_end"] >= today
    ]
    return sorted(steps, key=lambda step: step["date"])[:NEXT_ITEMS]


def leader_summary_data(*, initiative) -> dict:
    data = summary.summary_data(initiative=initiative)
    actions = data["actions"]
    return {
        "version": summary.SUMMARY_VERSION,
        "initiative": data["initiative"],
        "done": {
            "meetings": len(data["meetings"]["rows"]),
            "registered": data["meetings"]["totals"]["registered"],
            "attended": data["meetings"]["totals"]["attended"],
            "surveys": len(data["surveys"]),
            "answers": sum(survey["responses"] for survey in data["surveys"]),
            "insights": data["insights"]["total"],
            "actions": actions["total"],
        },
        "who": {**_who_took_part(data), "reach": _reach(initiative)},
        "themes": [
            {"name": theme["name"], "count": theme["count"], "example": (theme["examples"] or [{}])[0].get("text", "")}
            for theme in data["insights"]["themes"][:TOP_THEMES]
        ],
        "themes_more": max(len(data["insights"]["themes"]) - TOP_THEMES, 0),
        "actions": {
            "by_status": [row for row in actions["by_status"] if row["count"]],
            "rows": actions["rows"][:ACTIONS_LISTED],
            "more": max(actions["total"] - ACTIONS_LISTED, 0),
        },
        "next": _what_next(initiative, data),
    }
