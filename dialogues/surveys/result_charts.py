"""A survey's results drawn as charts, each with the text a screen reader reads instead (core.charts draws)."""
from django.utils.translation import gettext as _

from innbyggerstemmen.core import charts

from . import selectors


def question_chart(item: dict, *, chart_id: str) -> str:
    """One question's answers (a ``survey_results`` item with rows) as a bar chart."""
    return charts.bar_chart(
        chart_id=chart_id,
        title=item["question"].text,
        description=_("Bar chart of %(n)d answers: %(rows)s.")
        % {"n": item["answered"], "rows": "; ".join(f"{row['label']}: {row['count']}" for row in item["rows"])},
        rows=item["rows"],
    )


def results_with_charts(*, survey, group: str | None, include_texts: bool, word: str = "") -> dict:
    """The results page's figures: each question with its chart, and the answers per day with theirs.

    Free-text answers only with ``include_texts``: they may hold personal data, so they follow the
    same permission as the export of the answers (surveys.export_answers), never a second rule.
    """
    results = selectors.survey_results(survey=survey, group=group, word=word if include_texts else "")
    if not include_texts:
        results = {
            **results,
            "questions": [
                {**item, "texts": [], "texts_hidden": True} if "texts" in item else item
                for item in results["questions"]
            ],
        }
    for item in results["questions"]:
        if "rows" in item:
            item["chart"] = question_chart(item, chart_id=f"chart-q{item['question'].pk}")
    per_day = selectors.responses_per_day(survey=survey, group=group)
    per_day_chart = charts.bar_chart(
        chart_id="chart-per-day",
        title=_("Answers per day"),
        description=_("Bar chart of answers received per day: %(rows)s.")
        % {"rows": "; ".join(f"{row['day']:%d.%m.}: {row['count']}" for row in per_day)},
        rows=[{"label": f"{row['day']:%d.%m.%Y}", "count": row["count"]} for row in per_day],
    )
    crosstab = selectors.survey_crosstab(survey=survey, results=results) if not group else {}
    for item in results["questions"]:
        item["crosstab"] = crosstab.get(item["question"].pk)
    return {"results": results, "per_day": per_day, "per_day_chart": per_day_chart}
