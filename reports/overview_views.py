"""The overview: the national team's across districts, police staff's for their own organisations."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _

from dialogues.models import AgeGroup
from dialogues.surveys.models import RespondentGroup
from initiatives.models import InvolvementMode, Phase
from innbyggerstemmen.core.charts import bar_chart, line_chart
from innbyggerstemmen.core.exports import CSV_CONTENT_TYPE, attachment, csv_bytes
from insights import selectors as insight_selectors
from insights.models import ActionStatus, Actor

from . import overview_selectors as selectors
from .overview_forms import OverviewFilterForm

VIEW = "reports.view_overview"


def _percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


def _filters(request):
    """The filter form and the filters it gives for this user."""
    user = request.user
    form = OverviewFilterForm(
        request.GET or None,
        districts=selectors.overview_districts() if user.is_staff else None,
        target_groups=selectors.overview_target_groups(),
        national_themes=insight_selectors.national_theme_choices(),
    )
    if form.is_bound:
        form.is_valid()
    chosen = form.chosen()
    filters = selectors.OverviewFilters(
        organisation_ids=selectors.overview_organisation_ids(user=user, district_id=chosen["district_id"]),
        year=chosen["year"],
        target_group_id=chosen["target_group_id"],
        national_theme_id=chosen["national_theme_id"],
    )
    return form, filters


def _count_section(section_id, title, description, choices, counts) -> dict:
    """A figure counting things per category, with every category shown (zero included)."""
    total = sum(counts.values())
    rows = [
        {"label": str(label), "count": counts.get(value, 0), "percent": _percent(counts.get(value, 0), total) or 0}
        for value, label in choices
    ]
    summary = "; ".join(f"{row['label']}: {row['count']}" for row in rows)
    return {
        "id": section_id,
        "title": title,
        "columns": [_("Number"), _("Share (%)")],
        "units": ["", " %"],
        "rows": [{"label": row["label"], "values": [row["count"], row["percent"]]} for row in rows],
        "chart": bar_chart(chart_id=section_id, title=title, description=f"{description} {summary}.", rows=rows),
        "total": total,
    }


def overview_sections(figures: dict) -> dict:
    """The cached figures, labelled in the reader's language and drawn as charts with tables."""
    initiatives = figures["initiatives"]
    reach = figures["reach"]
    registrations = reach["registrations"]

    reach_rows = [
        {
            "label": str(label),
            "values": [registrations.get(value, {}).get("signed_up", 0), registrations.get(value, {}).get("attended", 0)],
        }
        for value, label in AgeGroup.choices
    ]
    reach_chart_rows = [{"label": row["label"], "count": row["values"][0]} for row in reach_rows]
    reach_section = {
        "id": "reach-meetings",
        "title": _("Meeting participants by age group"),
        "columns": [_("Signed up"), _("Attended")],
        "units": ["", ""],
        "rows": reach_rows,
        "chart": bar_chart(
            chart_id="reach-meetings",
            title=_("Meeting participants by age group"),
            description=_("Signed up and attended per age group: %(rows)s.")
            % {"rows": "; ".join(f"{r['label']}: {r['values'][0]} / {r['values'][1]}" for r in reach_rows)},
            rows=reach_chart_rows,
        ),
        "total": sum(row["values"][0] for row in reach_rows),
        "attended": sum(row["values"][1] for row in reach_rows),
    }

    insights_total = figures["insights"]
    with_action = figures["insights_with_action"]
    reported = initiatives["reported_back"]
    sections = {
        "phase": _count_section(
            "by-phase", _("Initiatives by phase"), _("Number of initiatives in each phase:"),
            Phase.choices, initiatives["by_phase"],
        ),
        "mode": _count_section(
            "by-mode", _("Initiatives by involvement mode"), _("Number of initiatives by how citizens are involved:"),
            InvolvementMode.choices, initiatives["by_mode"],
        ),
        "reach_meetings": reach_section,
        "reach_surveys": _count_section(
            "reach-surveys", _("Survey answers by respondent group"), _("Completed survey answers per group:"),
            RespondentGroup.choices, reach["responses"],
        ),
        "action_status": _count_section(
            "action-status", _("Actions by status"), _("Number of follow-up actions in each status:"),
            ActionStatus.choices, figures["actions_by_status"],
        ),
        "action_owner": _count_section(
            "action-owner", _("Actions by owner"), _("Number of follow-up actions per owner:"),
            Actor.choices, figures["actions_by_owner"],
        ),
    }
    key_figures = [
        {"id": "initiatives", "label": _("Initiatives"), "value": initiatives["total"]},
        {"id": "signed-up", "label": _("Signed up for meetings"), "value": reach_section["total"]},
        {"id": "attended", "label": _("Attended meetings"), "value": reach_section["attended"]},
        {"id": "answers", "label": _("Survey answers"), "value": sections["reach_surveys"]["total"]},
        {"id": "insights", "label": _("Insights collected"), "value": insights_total},
        {
            "id": "insights-acted-on",
            "label": _("Insights turned into actions"),
            "value": with_action,
            "percent": _percent(with_action, insights_total),
        },
        {"id": "actions", "label": _("Follow-up actions"), "value": sections["action_status"]["total"]},
        {
            "id": "reported-back",
            "label": _("Initiatives that reported back to citizens"),
            "value": reported,
            "percent": _percent(reported, initiatives["total"]),
        },
    ]
    for section in sections.values():
        for row in section["rows"]:
            row["cells"] = list(zip(row["values"], section["units"], strict=True))
    return {"sections": sections, "key_figures": key_figures, "trends": _trends(figures["indicators"])}


def _trends(rows: list[dict]) -> list[dict]:
    """One line chart per indicator question: mean agreement (1–5) per year."""
    by_indicator: dict[int, dict] = {}
    for row in rows:  # already aggregated: one row per indicator and year
        trend = by_indicator.setdefault(row["indicator_id"], {"indicator": row["indicator"], "points": []})
        trend["points"].append(row)
    trends = []
    for indicator_id, trend in by_indicator.items():
        points = trend["points"]
        trend["id"] = f"trend-{indicator_id}"
        trend["chart"] = line_chart(
            chart_id=trend["id"],
            title=trend["indicator"],
            description=_("Mean agreement from 1 to 5 per year: %(rows)s.")
            % {"rows": "; ".join(f"{p['year']}: {p['mean']:.1f} ({p['count']})" for p in points)},
            points=[{"label": str(p["year"]), "value": p["mean"]} for p in points],
        )
        trends.append(trend)
    return trends


def _require_overview(request) -> None:
    if not request.user.has_perm(VIEW):
        raise PermissionDenied


@login_required
def overview(request):
    _require_overview(request)
    form, filters = _filters(request)
    figures = selectors.overview_figures_cached(filters=filters)
    organisations = (
        selectors.overview_organisations(ids=filters.organisation_ids) if filters.organisation_ids is not None else []
    )
    context = {
        "form": form,
        "filters": filters,
        "organisations": organisations,
        "is_national": filters.organisation_ids is None,
        "query": request.GET.urlencode(),
        **overview_sections(figures),
    }
    return render(request, "reports/overview/overview.html", context)


def overview_rows(sections: dict):
    """The overview as (figure, category, quantity, value) rows, for the CSV export."""
    yield [_("Figure"), _("Category"), _("Quantity"), _("Value")]
    for figure in sections["key_figures"]:
        yield [_("Key figures"), figure["label"], _("Number"), figure["value"]]
        if "percent" in figure:
            yield [_("Key figures"), figure["label"], _("Share (%)"), "" if figure["percent"] is None else figure["percent"]]
    for section in sections["sections"].values():
        for row in section["rows"]:
            for column, value in zip(section["columns"], row["values"], strict=True):
                yield [section["title"], row["label"], column, value]
    for trend in sections["trends"]:
        for point in trend["points"]:
            yield [trend["indicator"], point["year"], _("Mean (1–5)"), f"{point['mean']:.2f}"]
            yield [trend["indicator"], point["year"], _("Answers"), point["count"]]


@login_required
def overview_export(request):
    _require_overview(request)
    _form, filters = _filters(request)
    sections = overview_sections(selectors.overview_figures_cached(filters=filters))
    return attachment(csv_bytes(overview_rows(sections)), filename="oversikt.csv", content_type=CSV_CONTENT_TYPE)
