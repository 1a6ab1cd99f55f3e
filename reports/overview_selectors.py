"""Figures for the national and district overview, every one aggregated in the database.

Each figure is one ``values().annotate(...)`` or ``aggregate(...)`` query, so the
overview runs the same number of queries whatever the amount of data. The
figures are plain numbers and codes (no translated labels), so they can be cached
(see overview_cache) and labelled in the reader's language afterwards.

What the year filter means: initiatives count in the year they started (or were
created, when no start date is set); registrations in the year of their meeting;
survey answers, insights and actions in the year they were given or made.
Indicator trends always show every year, per year.

What the national theme filter means: the initiatives that have a theme mapped to it, whatever
they called it; their meetings, answers, actions and indicators; and of their insights, those
tagged with such a theme.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import ExtractYear

from dialogues.models import Registration
from dialogues.surveys.models import Answer, Response
from initiatives.models import Initiative, TargetGroup
from innbyggerstemmen.accounts.models import Membership, Organisation
from insights.models import FollowUpAction, Insight, Theme
from insights.selectors import initiatives_with_national_theme

from . import overview_cache


@dataclass(frozen=True)
class OverviewFilters:
    """``organisation_ids`` None means every organisation (the national team's view)."""
    organisation_ids: tuple[int, ...] | None = None
    year: int | None = None
    target_group_id: int | None = None
    national_theme_id: int | None = None

    def cache_key(self) -> str:
        organisations = "all" if self.organisation_ids is None else "-".join(map(str, self.organisation_ids))
        return f"o{organisations}:y{self.year or ''}:t{self.target_group_id or ''}:n{self.national_theme_id or ''}"

    @property
    def narrows_initiatives(self) -> bool:
        return self.organisation_ids is not None or bool(self.target_group_id or self.national_theme_id)


def overview_organisation_ids(*, user, district_id: int | None = None) -> tuple[int, ...] | None:
    """The organisations a user's overview covers: a chosen district or all for the national team,
    their own organisations for police staff (a district they choose is ignored)."""
    if user.is_staff:
        return (district_id,) if district_id else None
    return tuple(
        Membership.objects.filter(user=user).order_by("organisation_id").values_list("organisation_id", flat=True)
    )


def overview_districts() -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind__in=Organisation.POLICE_KINDS).order_by("name")


def overview_organisations(*, ids) -> list[Organisation]:
    return list(Organisation.objects.filter(pk__in=ids).order_by("name"))


def overview_target_groups() -> QuerySet[TargetGroup]:
    return TargetGroup.objects.order_by("name")


def _mapped_themes(filters: OverviewFilters) -> QuerySet[Theme]:
    return Theme.objects.filter(national_theme_id=filters.national_theme_id)


def _initiatives(filters: OverviewFilters) -> QuerySet[Initiative]:
    """The initiatives in scope, without the year (each figure applies the year to its own date)."""
    queryset = Initiative.objects.all()
    if filters.organisation_ids is not None:
        queryset = queryset.filter(owner_organisation_id__in=filters.organisation_ids)
    if filters.target_group_id:
        queryset = queryset.filter(target_groups__id=filters.target_group_id)
    if filters.national_theme_id:
        queryset = queryset.filter(pk__in=initiatives_with_national_theme(national_theme_id=filters.national_theme_id))
    return queryset


def _in_scope(queryset: QuerySet, filters: OverviewFilters, initiative_path: str) -> QuerySet:
    """The rows of ``queryset`` that belong to the initiatives in scope (through ``initiative_path``).

    The national team's unfiltered view covers every initiative: no subquery then, so the counts
    over a million rows can be answered from an index alone.
    """
    if not filters.narrows_initiatives:
        return queryset
    return queryset.filter(**{f"{initiative_path}__in": _initiatives(filters).values("pk")})


def _counts(queryset, field: str, **measures) -> dict[str, dict]:
    rows = queryset.values(field).annotate(**measures).order_by(field)
    return {row[field]: {name: row[name] for name in measures} for row in rows}


def _initiative_figures(filters: OverviewFilters) -> dict:
    initiatives = _in_scope(Initiative.objects.all(), filters, "pk")
    if filters.year:
        initiatives = initiatives.filter(
            Q(start_date__year=filters.year) | Q(start_date__isnull=True, created_at__year=filters.year)
        )
    totals = initiatives.aggregate(
        total=Count("id"), reported_back=Count("id", filter=Q(feedback_page__published_at__isnull=False))
    )
    return {
        "total": totals["total"],
        "reported_back": totals["reported_back"],
        "by_phase": {k: v["n"] for k, v in _counts(initiatives, "phase", n=Count("id")).items()},
        "by_mode": {k: v["n"] for k, v in _counts(initiatives, "involvement_mode", n=Count("id")).items()},
    }


def _reach_figures(filters: OverviewFilters) -> dict:
    registrations = _in_scope(Registration.objects.all(), filters, "meeting__initiative")
    responses = _in_scope(Response.objects.filter(completed=True), filters, "survey__initiative")
    if filters.year:
        registrations = registrations.filter(meeting__starts_at__year=filters.year)
        responses = responses.filter(submitted_at__year=filters.year)
    return {
        "registrations": _counts(
            registrations,
            "age_group",
            signed_up=Count("id", filter=~Q(status="cancelled")),
            attended=Count("id", filter=Q(attended=True)),
        ),
        "responses": {k: v["n"] for k, v in _counts(responses, "respondent_group", n=Count("id")).items()},
    }


def _insight_figures(filters: OverviewFilters) -> dict:
    insights = _in_scope(Insight.objects.filter(merged_into__isnull=True), filters, "initiative")
    actions = _in_scope(FollowUpAction.objects.all(), filters, "initiative")
    if filters.year:
        insights = insights.filter(created_at__year=filters.year)
        actions = actions.filter(created_at__year=filters.year)
    if filters.national_theme_id:
        tagged = Insight.themes.through.objects.filter(insight_id=OuterRef("pk"), theme__in=_mapped_themes(filters))
        insights = insights.filter(Exists(tagged))
    # Counted apart: joining a million insights to their actions to count distinct ids sorts them all.
    linked = FollowUpAction.insights.through.objects.filter(insight__in=insights.values("pk"))
    return {
        "insights": insights.count(),
        "insights_with_action": linked.values("insight_id").distinct().count(),
        "actions_by_status": {k: v["n"] for k, v in _counts(actions, "status", n=Count("id")).items()},
        "actions_by_owner": {k: v["n"] for k, v in _counts(actions, "owner", n=Count("id")).items()},
    }


def _indicator_figures(filters: OverviewFilters) -> list[dict]:
    answers = Answer.objects.filter(
        question__indicator__isnull=False,
        number__isnull=False,
        response__completed=True,
        response__submitted_at__isnull=False,
    )
    rows = (
        _in_scope(answers, filters, "question__survey__initiative")
        .annotate(year=ExtractYear("response__submitted_at"))
        .values("question__indicator_id", "question__indicator__text", "year")
        .annotate(mean=Avg("number"), n=Count("id"))
        .order_by("question__indicator__text", "question__indicator_id", "year")
    )
    return [
        {
            "indicator_id": row["question__indicator_id"],
            "indicator": row["question__indicator__text"],
            "year": row["year"],
            "mean": round(float(row["mean"]), 2),
            "count": row["n"],
        }
        for row in rows
    ]


def overview_figures(*, filters: OverviewFilters) -> dict:
    """Every figure of the overview, computed now (ten queries)."""
    return {
        "initiatives": _initiative_figures(filters),
        "reach": _reach_figures(filters),
        **_insight_figures(filters),
        "indicators": _indicator_figures(filters),
    }


def overview_figures_cached(*, filters: OverviewFilters) -> dict:
    """The figures from the cache while nothing they count has changed (see overview_cache)."""
    return overview_cache.get_or_compute(filters.cache_key(), lambda: overview_figures(filters=filters))
