"""Reads of insights and actions: querysets with their joins done once."""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Window
from django.db.models.functions import Coalesce, ExtractYear, RowNumber
from django.urls import reverse

from dialogues import selectors as meeting_selectors
from initiatives import cache_scopes
from initiatives.models import Initiative, TargetGroup
from initiatives.selectors import initiative_visible_q
from innbyggerstemmen.accounts.models import Organisation, User
from innbyggerstemmen.core import cache_versions
from innbyggerstemmen.core.counting import count_of
from innbyggerstemmen.core.fields import int_or_none

from . import search
from .models import (
    ACTOR_FIELDS,
    ActionStatus,
    Actor,
    FeedbackPage,
    FollowUpAction,
    Insight,
    KubaInput,
    KubaItem,
    NationalTheme,
    ProgressNote,
    Source,
    Theme,
)

# Filters the insight list understands (GET parameter -> meaning).
LIST_FILTERS = ("kind", "source", "theme", "target_group", "actor", "priority", "surplus")
NO_THEME = "none"  # the theme filter's value for insights without a theme
# The theme board's order within a column, on the insight and through its theme link.
BOARD_ORDER = ("-is_priority", "-created_at", "-id")
BOARD_ORDER_THROUGH = (F("insight__is_priority").desc(), F("insight__created_at").desc(), F("insight_id").desc())


def insight_base(*, initiative) -> QuerySet[Insight]:
    """The initiative's insights that are not merged into another one."""
    return Insight.objects.filter(initiative=initiative, merged_into__isnull=True)


# The insight partials read themes and target groups as plain lists (theme_list, target_group_list):
# a related manager and a queryset copy per row and relation would cost more than the row itself.
RELATION_LISTS = (Prefetch("themes", to_attr="theme_list"), Prefetch("target_groups", to_attr="target_group_list"))


def _with_list_data(queryset: QuerySet[Insight]) -> QuerySet[Insight]:
    # Counted per row shown rather than joined and grouped: the page query stays an index scan
    # with LIMIT, and the paginator's count needs no joins, however many insights the initiative has.
    return queryset.prefetch_related(*RELATION_LISTS).annotate(
        merged_count=count_of(Insight.objects.all(), "merged_into"),
        action_count=count_of(FollowUpAction.insights.through.objects.all(), "insight"),
    )


def insight_list(*, initiative, filters: dict | None = None) -> QuerySet[Insight]:
    """The live insights that pass ``filters``, newest first, without the shown rows' extras (see insight_rows)."""
    filters = filters or {}
    queryset = insight_base(initiative=initiative)
    if filters.get("kind"):
        queryset = queryset.filter(kind=filters["kind"])
    if filters.get("source"):
        queryset = queryset.filter(source=filters["source"])
    if filters.get("theme") == NO_THEME:
        queryset = queryset.filter(~has_theme())
    elif (theme := int_or_none(filters.get("theme"))) is not None:
        queryset = queryset.filter(themes__id=theme)
    if (group := int_or_none(filters.get("target_group"))) is not None:
        queryset = queryset.filter(target_groups__id=group)
    if filters.get("actor") in ACTOR_FIELDS:
        queryset = queryset.filter(**{ACTOR_FIELDS[filters["actor"]]: True})
    if filters.get("priority"):
        queryset = queryset.filter(is_priority=True)
    if filters.get("surplus"):
        queryset = queryset.filter(is_surplus=True)
    if filters.get("q"):
        queryset = search.search_filter(queryset, filters["q"])
    return queryset.order_by("-created_at", "-id")


def insight_list_kept(*, initiative, filters: dict) -> Callable[[str, Callable], object]:
    """Keeps the insight list's count and its pages' ids (core.pagination.IdsFirstPaginator's ``kept``) while the
    initiative's content and the shared names (words find insights by their target group) are unchanged: counting
    a large initiative's insights with a theme took 3 ms of SQL a request, finding a page's ids 3 ms more (make
    bench, national size)."""
    versioned = cache_versions.versioned((cache_scopes.initiative_content(initiative.pk), cache_scopes.SHARED_NAMES))
    digest = _filters_digest(filters, (*LIST_FILTERS, "q"))

    def kept(name: str, compute: Callable):
        return cache_versions.get_or_compute_under(versioned, f"insight-list:{initiative.pk}:{digest}:{name}", compute)

    return kept


def _digest(value) -> str:
    """A short cache key part naming ``value`` (chosen filters, visible initiatives) exactly."""
    return hashlib.sha256(repr(value).encode()).hexdigest()[:32]


def _filters_digest(filters: dict, names, *also) -> str:
    """Names the values of the filters ``names`` (a missing or empty one as ""), and ``also``, for a cache key."""
    return _digest((also, sorted((name, str(filters.get(name) or "")) for name in names)))


def has_theme() -> Exists:
    # A subquery, not a join to the themes: a join would count (and list) an insight once per theme.
    return Exists(Insight.themes.through.objects.filter(insight=OuterRef("pk")))


def insight_rows(*, initiative, ids) -> QuerySet[Insight]:
    """The initiative's insights with these ids as the lists show them (counts, themes, target groups)."""
    return _with_list_data(Insight.objects.filter(initiative=initiative, pk__in=ids))


def insight_detail(*, initiative, pk: int) -> Insight:
    """Raises Insight.DoesNotExist for another initiative's insight."""
    insight = (
        Insight.objects.select_related("merged_into__initiative", "created_by", "meeting")
        .prefetch_related(
            "themes",
            "target_groups",
            Prefetch("actions", queryset=FollowUpAction.objects.order_by("-created_at")),
            Prefetch("merged", queryset=Insight.objects.select_related("initiative").order_by("created_at")),
        )
        .get(initiative=initiative, pk=pk)
    )
    # The edit form reads the relations; the shared partial reads the lists (see RELATION_LISTS).
    insight.theme_list, insight.target_group_list = list(insight.themes.all()), list(insight.target_groups.all())
    return insight


def insights_by_ids(*, initiative, ids) -> list[Insight]:
    ids = [i for i in (int_or_none(v) for v in ids) if i is not None]
    return list(insight_base(initiative=initiative).filter(pk__in=ids).order_by("created_at", "id"))


def themes_for(*, initiative) -> QuerySet[Theme]:
    return Theme.objects.filter(initiative=initiative).order_by("name")


def target_groups_for(*, initiative):
    """The initiative's own target groups; every group when it has none."""
    chosen = TargetGroup.initiatives.through.objects.filter(initiative=initiative)
    # One query either way (no separate "has it any?" question first).
    return TargetGroup.objects.filter(
        Q(pk__in=chosen.values("targetgroup_id")) | ~Exists(chosen)
    ).order_by("name")


def meetings_for(*, initiative):
    """The initiative's dialogue meetings, newest first, for "where it came from"."""
    return meeting_selectors.meeting_choices(initiative=initiative)


@dataclass
class InsightCounts:
    total: int
    by_theme: list
    by_source: list
    by_target_group: list
    by_actor: list
    without_theme: int

    @property
    def columns_add_up_to_more(self) -> bool:
        """An insight in two themes is a card in both columns of the board: the columns then add up to more."""
        return sum(theme.n for theme in self.by_theme) + self.without_theme > self.total


def _insight_count_figures(initiative) -> dict:
    """The board's counts as plain numbers, so they can be kept (the labels are added in the reader's language)."""
    base = insight_base(initiative=initiative)
    actor_counts = base.aggregate(
        total=Count("id"),
        without_theme=Count("id", filter=~has_theme()),
        **{actor: Count("id", filter=Q(**{field: True})) for actor, field in ACTOR_FIELDS.items()},
    )
    return {
        "actors": actor_counts,
        "sources": dict(base.order_by().values_list("source").annotate(n=Count("id"))),
        "themes": dict(
            Theme.objects.filter(initiative=initiative)
            .annotate(n=Count("insights", filter=Q(insights__merged_into__isnull=True)))
            .values_list("pk", "n")
        ),
        "target_groups": list(
            base.order_by()
            .filter(target_groups__isnull=False)
            .values("target_groups__id", "target_groups__name")
            .annotate(n=Count("id"))
            .order_by("-n", "target_groups__name")
        ),
    }


def insight_counts(*, initiative) -> InsightCounts:
    """Counts for the theme board, merged insights excluded. Kept while the initiative's content and the target
    groups' names are unchanged: counting a large initiative's insights by theme, source and group took 100 ms of
    SQL a request (make bench)."""
    figures = cache_versions.get_or_compute(
        (cache_scopes.initiative_content(initiative.pk), cache_scopes.SHARED_NAMES),
        f"insight-counts:{initiative.pk}",
        lambda: _insight_count_figures(initiative),
    )
    themes = list(Theme.objects.filter(initiative=initiative))
    for theme in themes:
        theme.n = figures["themes"].get(theme.pk, 0)
    actor_counts = figures["actors"]
    return InsightCounts(
        total=actor_counts["total"],
        without_theme=actor_counts["without_theme"],
        by_theme=sorted(themes, key=lambda theme: (-theme.n, theme.name)),
        by_source=[(label, figures["sources"].get(value, 0)) for value, label in Source.choices],
        by_target_group=figures["target_groups"],
        by_actor=[(label, actor_counts[value]) for value, label in Actor.choices],
    )


BOARD_COLUMN_SIZE = 30


@dataclass
class BoardColumn:
    theme: Choice | None  # None: the insights without a theme
    total: int
    insights: list[Insight]

    @property
    def not_shown(self) -> int:
        return self.total - len(self.insights)


def theme_board(*, initiative, themes: Iterable[Choice], counts: InsightCounts, per_column: int = BOARD_COLUMN_SIZE):
    """Each theme with its first insights (prioritised, then newest), then the insights without a theme.

    A column holds at most ``per_column``: an initiative may gather thousands, and the insight list
    filtered on the column's theme pages through the rest.
    """
    ranked = (
        Insight.themes.through.objects.filter(insight__initiative=initiative, insight__merged_into__isnull=True)
        .annotate(rank=Window(RowNumber(), partition_by=F("theme_id"), order_by=BOARD_ORDER_THROUGH))
        .filter(rank__lte=per_column)
        .order_by("theme_id", "rank")
        .values_list("theme_id", "insight_id")
    )
    unthemed = (
        insight_base(initiative=initiative).filter(~has_theme()).order_by(*BOARD_ORDER).values_list("id", flat=True)
    )
    # Which cards each column shows is kept while the initiative's content is unchanged, as the counts are:
    # ranking every tagged insight of a large initiative took 90 ms of SQL a request, finding the first without
    # a theme 25 ms (make bench, national size).
    firsts, unthemed_ids = cache_versions.get_or_compute(
        cache_scopes.initiative_content(initiative.pk),
        f"theme-board-cards:{initiative.pk}:{per_column}",  # renamed with its shape: a deploy meets no old value
        lambda: (list(ranked), list(unthemed[:per_column])),
    )
    fields = ("id", "initiative_id", "text", "is_priority")
    shown = (
        insight_base(initiative=initiative)
        .only(*fields)
        .in_bulk({insight_id for _theme, insight_id in firsts} | set(unthemed_ids))
    )
    columns = {theme.pk: [] for theme in themes}
    for theme_id, insight_id in firsts:
        # Both read a moment apart: a theme added or an insight merged in between is left out.
        if theme_id in columns and insight_id in shown:
            columns[theme_id].append(shown[insight_id])
    unthemed = [shown[insight_id] for insight_id in unthemed_ids if insight_id in shown]
    totals = {theme.pk: theme.n for theme in counts.by_theme}
    return [BoardColumn(theme, totals.get(theme.pk, 0), columns[theme.pk]) for theme in themes] + [
        BoardColumn(None, counts.without_theme, unthemed)
    ]


# Actions --------------------------------------------------------------------------


def action_list(*, initiative) -> QuerySet[FollowUpAction]:
    return (
        FollowUpAction.objects.filter(initiative=initiative)
        .annotate(insight_count=Count("insights", distinct=True))
        .order_by("-created_at", "-id")
    )


def action_detail(*, initiative, pk: int) -> FollowUpAction:
    """Raises FollowUpAction.DoesNotExist for another initiative's action."""
    return (
        FollowUpAction.objects.select_related("created_by", "owner_user")
        .prefetch_related(
            Prefetch("insights", queryset=Insight.objects.prefetch_related("themes").order_by("created_at")),
            Prefetch("progress_notes", queryset=ProgressNote.objects.select_related("author")),
        )
        .get(initiative=initiative, pk=pk)
    )


def national_theme_choices() -> QuerySet[NationalTheme]:
    return NationalTheme.objects.order_by("name")


def initiatives_with_national_theme(*, national_theme_id: int) -> QuerySet:
    """The ids of the initiatives that have a theme mapped to the national theme, whatever they called it."""
    return Theme.objects.filter(national_theme_id=national_theme_id).values("initiative_id")


def national_theme_list() -> QuerySet[NationalTheme]:
    """The national theme list, each with how many initiative themes (and in how many initiatives) it gathers."""
    return NationalTheme.objects.annotate(
        theme_count=Count("themes", distinct=True), initiative_count=Count("themes__initiative", distinct=True)
    ).order_by("name")


def handoff_organisations() -> QuerySet[Organisation]:
    """The register's organisations a surplus insight can be sent to."""
    return Organisation.objects.order_by("name")


def action_owner_choices(*, initiative):
    """Who may own an action: the initiative's partners and the members of the organisation that owns it."""
    return (
        User.objects.filter(
            Q(partnerships__initiative=initiative) | Q(memberships__organisation_id=initiative.owner_organisation_id),
            is_active=True,
        )
        .distinct()
        .order_by("full_name", "email")
    )


def owned_actions(*, user) -> QuerySet[FollowUpAction]:
    """"Mine tiltak": the actions ``user`` owns, in initiatives they may still see, most recently changed first."""
    return (
        FollowUpAction.objects.filter(
            owner_user=user, initiative__in=Initiative.objects.filter(initiative_visible_q(user)).values("pk")
        )
        .select_related("initiative")
        .prefetch_related(Prefetch("progress_notes", queryset=ProgressNote.objects.select_related("author")))
        .order_by("-updated_at", "-id")
    )


def owned_action(*, user, pk: int) -> FollowUpAction:
    """One of the user's own actions; DoesNotExist for anyone else's."""
    return owned_actions(user=user).get(pk=pk)


def action_choices(*, initiative) -> QuerySet[FollowUpAction]:
    return FollowUpAction.objects.filter(initiative=initiative).order_by("title")


@dataclass(frozen=True)
class Choice:
    """One option a form or filter offers: an id and the name it is shown by."""

    pk: int
    name: str

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class InitiativeChoices:
    """What the initiative's insight lists offer to choose from, by id and name (see initiative_choices)."""

    themes: tuple[Choice, ...]
    target_groups: tuple[Choice, ...]
    meetings: tuple[Choice, ...]
    actions: tuple[Choice, ...]


def initiative_choices(*, initiative) -> InitiativeChoices:
    """The initiative's themes, target groups, meetings and actions as the insight list and board offer them,
    kept until one of them is written to. Read through the ORM they took ~4 ms of the insight list's ~30 ms of
    CPU a request (make bench, national size). Forms still check what is sent against the database."""
    scopes = (
        cache_scopes.initiative_content(initiative.pk),
        cache_scopes.SHARED_NAMES,
        cache_scopes.meetings_and_actions(initiative.pk),
    )

    def read() -> InitiativeChoices:
        def listed(queryset, label: str = "name") -> tuple[Choice, ...]:
            return tuple(Choice(pk, name) for pk, name in queryset.values_list("pk", label))

        return InitiativeChoices(
            themes=listed(themes_for(initiative=initiative)),
            target_groups=listed(target_groups_for(initiative=initiative)),
            meetings=listed(meetings_for(initiative=initiative), "title"),
            actions=listed(action_choices(initiative=initiative), "title"),
        )

    return cache_versions.get_or_compute(scopes, f"initiative-choices:{initiative.pk}", read)


def action_choice(*, initiative, pk) -> FollowUpAction | None:
    """The initiative's action with this submitted id, or None when it names none of them."""
    pk = int_or_none(pk)
    return None if pk is None else action_choices(initiative=initiative).filter(pk=pk).first()


ACTION_FORM_INSIGHTS = 100


def insights_to_link(*, initiative, chosen, limit: int = ACTION_FORM_INSIGHTS) -> list[Insight]:
    """What an action's form offers to link: the chosen insights, then the first others, prioritised then newest.

    Not all of them: an initiative may gather thousands. Older ones are chosen in the insight list
    and brought to the form (the list's "link to an action").
    """
    base = insight_base(initiative=initiative).only("id", "text")
    ids = [pk for pk in (int_or_none(value) for value in chosen) if pk is not None]
    first = list(base.filter(pk__in=ids).order_by(*BOARD_ORDER))
    return first + list(base.exclude(pk__in=[insight.pk for insight in first]).order_by(*BOARD_ORDER)[:limit])


# Similar insights and theme suggestions ----------------------------------------------

SIMILAR_SHOWN = 3
# An insight is compared with the newest this many of its initiative's (or, across, of the others'), found by
# walking an index: by the trigram index a short text at a million insights shares enough trigrams with hundreds
# of thousands (20-34 s a lookup on make bench data), and a large initiative's 50,000 took seconds to compare.
SIMILAR_CANDIDATES = 2000
# Many texts at once (an idea wall's rows, a closed live wall's posts) are compared by their words with this
# many of the initiative's newest insights, in one query, on either database.
SIMILAR_BATCH_CANDIDATES = 5000
SIMILAR_MIN_SHARED = 0.3
SIMILAR_TRIGRAM_MIN = 0.3  # pg_trgm's default similarity threshold


def _meaningful_stems(text: str) -> set[str]:
    return {search.stem(word) for word in search.meaningful_words(text) if len(word) >= 4}


def _similar_by_words(texts: list[str], candidates: Iterable[Insight], limit: int) -> list[list[Insight]]:
    """For each text, the candidates sharing at least SIMILAR_MIN_SHARED of their words with it (Jaccard on
    stems), best first. An index from stem to candidates keeps it to the candidates that share a word."""
    stems_of: dict[int, set[str]] = {}
    by_pk: dict[int, Insight] = {}
    having: dict[str, list[int]] = {}
    for candidate in candidates:
        stems = _meaningful_stems(candidate.text)
        if stems:
            stems_of[candidate.pk], by_pk[candidate.pk] = stems, candidate
            for word in stems:
                having.setdefault(word, []).append(candidate.pk)
    found = []
    for text in texts:
        mine = _meaningful_stems(text)
        shared_counts: dict[int, int] = {}
        for word in mine:
            for pk in having.get(word, ()):
                shared_counts[pk] = shared_counts.get(pk, 0) + 1
        scores = {pk: shared / len(mine | stems_of[pk]) for pk, shared in shared_counts.items()}
        best = sorted((pk for pk in scores if scores[pk] >= SIMILAR_MIN_SHARED), key=lambda pk: (-scores[pk], pk))
        found.append([by_pk[pk] for pk in best[:limit]])
    return found


def _similar_candidates(insight: Insight, across: bool) -> QuerySet[Insight]:
    """The newest SIMILAR_CANDIDATES of the initiative's other insights, or (``across``) of the other initiatives'."""
    if across:
        newest = Insight.objects.filter(merged_into__isnull=True).exclude(initiative_id=insight.initiative_id)
    else:
        newest = insight_base(initiative=insight.initiative).exclude(pk=insight.pk)
    newest = newest.order_by("-created_at", "-id").values("pk")[:SIMILAR_CANDIDATES]
    # Only what the comparison reads: similar_insights reads the few found afresh, with initiative and themes.
    return Insight.objects.filter(pk__in=newest).only("id", "text")


def similar_insights_query(*, insight: Insight, across: bool = False) -> QuerySet[Insight]:
    """PostgreSQL: the candidates as similar as pg_trgm's % operator would have them, most similar first."""
    from django.contrib.postgres.search import TrigramSimilarity

    # A function rather than the % operator, so the planner narrows to the newest candidates first.
    return (
        _similar_candidates(insight, across)
        .annotate(similarity=TrigramSimilarity("text", insight.text))
        .filter(similarity__gte=SIMILAR_TRIGRAM_MIN)
        .order_by("-similarity", "-created_at")
    )


@dataclass(frozen=True)
class SimilarInsight:
    """Another insight that says much the same, as an insight's page shows it (see similar_insights)."""

    pk: int
    text: str
    initiative_id: int
    initiative_title: str
    theme_names: tuple[str, ...]

    def get_absolute_url(self) -> str:
        return reverse("insights:insight_detail", args=[self.initiative_id, self.pk])


def similar_insights(*, insight: Insight, limit: int = SIMILAR_SHOWN, across: bool = False) -> list[SimilarInsight]:
    """Among the initiative's newest insights, those that say much the same: PostgreSQL trigram similarity, on
    SQLite the share of words in common. ``across``: among the other initiatives' newest instead (for the
    national team, who sees them all)."""

    def find() -> list[SimilarInsight]:
        if search.uses_postgres():
            ids = list(similar_insights_query(insight=insight, across=across).values_list("pk", flat=True)[:limit])
        else:
            [similar] = _similar_by_words([insight.text], _similar_candidates(insight, across), limit)
            ids = [found.pk for found in similar]
        found = Insight.objects.filter(pk__in=ids).select_related("initiative").prefetch_related("themes").in_bulk()
        return [
            SimilarInsight(pk, found[pk].text, found[pk].initiative_id, found[pk].initiative.title,
                           tuple(theme.name for theme in found[pk].themes.all()))
            for pk in ids
            if pk in found
        ]

    # Which ones, most similar first, as shown, kept while the insights compared, their themes and initiatives are
    # unchanged (the initiative's, or across them any initiative's): comparing with 2,000 candidates takes about
    # 110 ms at national size, and the page asks twice; reading the shown ones again took four queries.
    scope = cache_scopes.ALL_INITIATIVES if across else cache_scopes.initiative_content(insight.initiative_id)
    # Named with its shape: a deploy meets no kept list of ids under it.
    return cache_versions.get_or_compute(scope, f"similar-shown:{insight.pk}:{across}:{limit}", find)


def similar_to_texts(*, initiative, texts: list[str], limit: int = SIMILAR_SHOWN) -> list[list[Insight]]:
    """For each of many new texts, the initiative's insights that say much the same (one query)."""
    if not texts:
        return []
    candidates = (
        insight_base(initiative=initiative)
        .only("id", "text", "initiative_id")
        .order_by("-created_at", "-id")[:SIMILAR_BATCH_CANDIDATES]
    )
    return _similar_by_words(texts, candidates, limit)


SIMILAR_PAIRS_SHOWN = 30


def similar_pairs(
    *, initiative, insights: list[Insight], limit: int = SIMILAR_PAIRS_SHOWN
) -> list[tuple[Insight, list[Insight]]]:
    """Of new insights (a closed live wall's), those that resemble others of the initiative, each with them:
    what a coordinator may want to merge. Each is compared with the rest, the other new ones included."""
    insights = [insight for insight in insights if not insight.merged_into_id]
    texts = [insight.text for insight in insights]
    found = similar_to_texts(initiative=initiative, texts=texts, limit=SIMILAR_SHOWN + 1)
    pairs, offered = [], set()
    for insight, others in zip(insights, found, strict=True):
        # Two new ones that resemble each other are offered once, under the first of them.
        others = [
            other for other in others
            if other.pk != insight.pk and frozenset((insight.pk, other.pk)) not in offered
        ]
        if others := others[:SIMILAR_SHOWN]:
            offered.update(frozenset((insight.pk, other.pk)) for other in others)
            pairs.append((insight, others))
    return pairs[:limit]


def theme_suggestions(*, insight: Insight, similar: list[SimilarInsight]) -> list[str]:
    """For an insight without a theme: the themes its similar insights have, most common first."""
    if insight.themes.exists():
        return []
    counts: dict[str, int] = {}
    for other in similar:
        for name in other.theme_names:
            counts[name] = counts.get(name, 0) + 1
    return sorted(counts, key=lambda name: (-counts[name], name))[:3]


# KUBA and feedback ------------------------------------------------------------------


def kuba_input_for(*, initiative) -> KubaInput | None:
    return (
        KubaInput.objects.filter(initiative=initiative)
        .prefetch_related("items__action")
        .first()
    )


@dataclass(frozen=True)
class KubaBullet:
    """A KUBA bullet with what the meeting needs to weigh it: how many said it, who, and where."""

    item: KubaItem
    said_count: int  # the insights behind it, duplicates merged into them included
    target_groups: list[str]
    sources: list[str]  # meetings by title, other insights by their source ("Forskning og data")
    action: FollowUpAction | None


def _said_counts(insight_ids: set[int]) -> dict[int, int]:
    """Each insight counts once plus once for every duplicate merged into it."""
    merged = (
        Insight.objects.filter(merged_into__in=insight_ids).values("merged_into").annotate(n=Count("id"))
        if insight_ids
        else []
    )
    counts = dict.fromkeys(insight_ids, 1)
    for row in merged:
        counts[row["merged_into"]] += row["n"]
    return counts


def kuba_bullets(*, kuba_input: KubaInput) -> list[KubaBullet]:
    """The KUBA input's bullets in order, each with its count and context (two queries for up to 100 bullets)."""
    behind_action = Insight.objects.filter(merged_into__isnull=True).select_related("meeting")
    items = list(
        kuba_input.items.select_related("insight__meeting", "action")
        .prefetch_related(
            "insight__target_groups",
            Prefetch("action__insights", queryset=behind_action.prefetch_related("target_groups")),
        )
        .order_by("position", "id")
    )
    insights_of = {
        item.pk: ([item.insight] if item.insight and not item.insight.merged_into_id else [])
        + (list(item.action.insights.all()) if item.action else [])
        for item in items
    }
    counts = _said_counts({insight.pk for insights in insights_of.values() for insight in insights})
    bullets = []
    for item in items:
        insights = list({insight.pk: insight for insight in insights_of[item.pk]}.values())
        groups = sorted({group.name for insight in insights for group in insight.target_groups.all()})
        sources = sorted(
            {insight.meeting.title if insight.meeting_id else str(insight.get_source_display()) for insight in insights}
        )
        bullets.append(
            KubaBullet(
                item=item,
                said_count=sum(counts[insight.pk] for insight in insights),
                target_groups=groups,
                sources=sources,
                action=item.action,
            )
        )
    return bullets


def kuba_completed_actions(*, initiative) -> list[FollowUpAction]:
    """Actions carried out: KUBA hears what was done, not only what is proposed."""
    return list(
        FollowUpAction.objects.filter(initiative=initiative, status=ActionStatus.COMPLETED).order_by(
            "-period_end", "title", "id"
        )
    )


def kuba_actions(*, kuba_input: KubaInput) -> list[FollowUpAction]:
    """The actions the KUBA input proposes, in bullet order."""
    seen, actions = set(), []
    for item in kuba_input.items.all():
        if item.action and item.action_id not in seen:
            seen.add(item.action_id)
            actions.append(item.action)
    return actions


def feedback_page_for(*, initiative) -> FeedbackPage | None:
    return FeedbackPage.objects.filter(initiative=initiative).first()


def feedback_selected(*, initiative) -> tuple[list[Insight], list[FollowUpAction]]:
    """What the public page shows: the selected insights and published actions, as a coordinator approved them."""
    insights = list(
        insight_base(initiative=initiative)
        .filter(published_in_feedback=True)
        .exclude(public_text="")
        .order_by("created_at", "id")
    )
    actions = list(
        FollowUpAction.objects.filter(initiative=initiative, published=True)
        .exclude(public_version={})
        .order_by("created_at", "id")
    )
    return insights, actions


@dataclass(frozen=True)
class FeedbackPair:
    """One "you said → we did": a published action and the published insights it answers."""

    action: FollowUpAction
    said: list[Insight]


@dataclass(frozen=True)
class FeedbackPairs:
    pairs: list[FeedbackPair]  # actions answering something said first, then actions on their own
    not_yet: list[Insight]  # said and shown, with no published action linked to it yet


def feedback_pairs(*, initiative) -> FeedbackPairs:
    """The public page's content as pairs, from the selection a coordinator approved (one query more)."""
    insights, actions = feedback_selected(initiative=initiative)
    shown = {insight.pk: insight for insight in insights}
    links = FollowUpAction.insights.through.objects.filter(
        followupaction__in=[action.pk for action in actions], insight__in=list(shown)
    ).values_list("followupaction_id", "insight_id")
    said_by_action: dict[int, list[Insight]] = {}
    for action_id, insight_id in links.order_by("insight__created_at", "insight_id"):
        said_by_action.setdefault(action_id, []).append(shown[insight_id])
    pairs = [FeedbackPair(action=action, said=said_by_action.get(action.pk, [])) for action in actions]
    answered = {insight.pk for said in said_by_action.values() for insight in said}
    return FeedbackPairs(
        pairs=sorted(pairs, key=lambda pair: not pair.said),  # stable: keeps the actions' own order within each
        not_yet=[insight for insight in insights if insight.pk not in answered],
    )


def feedback_pending(*, initiative) -> tuple[list[Insight], list[FollowUpAction]]:
    """Published insights and actions changed since a coordinator approved them: the page shows the old version."""
    insights = list(
        insight_base(initiative=initiative)
        .filter(published_in_feedback=True)
        .exclude(public_text=F("text"))
        .order_by("created_at", "id")
    )
    actions = [
        action
        for action in FollowUpAction.objects.filter(initiative=initiative, published=True).order_by("created_at", "id")
        if action.awaits_approval
    ]
    return insights, actions


def public_feedback(*, slug: str) -> FeedbackPage:
    """The published page; raises FeedbackPage.DoesNotExist when it is not published."""
    return FeedbackPage.objects.select_related("initiative").get(slug=slug, published_at__isnull=False)


# Search across initiatives -------------------------------------------------------------

SEARCH_FILTERS = ("national_theme", "target_group", "theme", "source", "organisation", "initiative", "year")
# The year an insight was said (said_on), or recorded when that is not known.
SAID_YEAR = Coalesce(ExtractYear("said_on"), ExtractYear("created_at"))


def visible_initiative_ids(*, user) -> list[int] | None:
    """The ids of the initiatives the user may see, sorted, or None for the national team (all of them).

    Remembered on the user object, so one request reads them once.
    """
    if user.is_staff:
        return None
    if not hasattr(user, "_visible_initiative_ids"):
        user._visible_initiative_ids = sorted(
            Initiative.objects.filter(initiative_visible_q(user)).values_list("pk", flat=True)
        )
    return user._visible_initiative_ids


def insight_search_base(*, user) -> QuerySet[Insight]:
    insights = Insight.objects.filter(merged_into__isnull=True)
    ids = visible_initiative_ids(user=user)
    # A list of ids, not a subquery: the database checks it on each row before the costlier text match.
    return insights if ids is None else insights.filter(initiative_id__in=ids)


def insight_search(*, user, query: str = "", filters: dict | None = None) -> QuerySet[Insight]:
    filters = filters or {}
    queryset = search.search_filter(insight_search_base(user=user), query)
    if (group := int_or_none(filters.get("target_group"))) is not None:
        queryset = queryset.filter(target_groups__id=group)
    if filters.get("theme"):
        queryset = queryset.filter(themes__name__iexact=filters["theme"])
    if (national := int_or_none(filters.get("national_theme"))) is not None:
        # Whatever each initiative called it: any of its themes mapped to the national theme.
        mapped = Insight.themes.through.objects.filter(insight_id=OuterRef("pk"), theme__national_theme_id=national)
        queryset = queryset.filter(Exists(mapped))
    if filters.get("source") in Source.values:
        queryset = queryset.filter(source=filters["source"])
    if (organisation := int_or_none(filters.get("organisation"))) is not None:
        queryset = queryset.filter(initiative__owner_organisation_id=organisation)
    if (initiative := int_or_none(filters.get("initiative"))) is not None:
        queryset = queryset.filter(initiative_id=initiative)
    if (year := int_or_none(filters.get("year"))) is not None:
        queryset = queryset.annotate(said_year=SAID_YEAR).filter(said_year=year)
    return queryset


def insight_search_results(
    *, queryset: QuerySet[Insight], query: str, total: int | None = None, cache_key: SearchKey | None = None
) -> search.RankedMatches:
    """The matches in result order (best of the newest first, see search.RankedMatches), ready to page.
    ``total``: how many match, when already counted (the facets count it). ``cache_key`` (insight_search_key):
    the ranked order is kept while the searched initiatives' content is unchanged, like the facets."""

    def remember(find):
        return cache_versions.get_or_compute_under(cache_key.versioned, f"insight-search-ranked:{cache_key.name}", find)

    return search.RankedMatches(
        search.with_headline(queryset, query)
        .select_related("initiative__owner_organisation")
        .prefetch_related(*RELATION_LISTS),
        query,
        queryset.count() if total is None else total,
        remember=remember if cache_key else None,
    )


FACET_LIMIT = 20


@dataclass(frozen=True)
class SearchKey:
    """Names one search as one user may see it (``name``), and the versions of the kept figures' scopes its results
    come from, read once for the request (``versioned``: cache_versions.versioned)."""

    versioned: str
    name: str


def insight_search_key(*, user, query: str, filters: dict) -> SearchKey:
    """The words and filters, and who may see what: "all" (the national team, kept while no initiative's content
    changes), or a digest of the visible initiatives (kept while none of theirs does).

    Two coordinators who see the same initiatives share kept facets, and a new membership
    or partnership changes the key by itself.
    """
    digest = _filters_digest(filters, SEARCH_FILTERS, query)
    ids = visible_initiative_ids(user=user)
    if ids is None:
        return SearchKey(cache_versions.versioned(cache_scopes.ALL_INITIATIVES), f"all:{digest}")
    seen = _digest(ids)
    return SearchKey(cache_versions.versioned(cache_scopes.initiatives_content(ids)), f"{seen}:{digest}")


def insight_search_facets_cached(*, cache_key: SearchKey, queryset: QuerySet[Insight]) -> dict[str, list]:
    """The facets from the cache while the searched initiatives' content is unchanged. ``cache_key``:
    insight_search_key."""
    return cache_versions.get_or_compute_under(
        cache_key.versioned, f"insight-search-facets:{cache_key.name}", lambda: insight_search_facets(queryset=queryset)
    )


def insight_search_facets(*, queryset: QuerySet[Insight]) -> dict[str, list]:
    """Counts of the current results by target group, theme, source, organisation (district), initiative and year,
    and their total.

    One query: the matching insights are found once (a common table expression, so the
    full-text condition runs once) and each facet is a GROUP BY over them, cut to the top
    FACET_LIMIT values. Every insight has exactly one source, so the source counts add up
    to the number of results (``total``), which spares the paginator its own count.
    """
    facets = {name: [] for name in SEARCH_FILTERS}
    try:
        matches_sql, params = (
            queryset.order_by()
            # Annotations only after the model's fields: the SELECT keeps this order, the CTE's columns name it.
            .annotate(
                facet_year=SAID_YEAR, facet_org=F("initiative__owner_organisation_id"), facet_initiative=F("initiative_id")
            )
            .values("pk", "source", "facet_year", "facet_org", "facet_initiative")
            .query.sql_with_params()
        )
    except EmptyResultSet:  # the user sees no initiative yet: nothing to count
        return {**facets, "total": 0}
    qn = connection.ops.quote_name
    organisation = Organisation._meta.db_table
    target_group = TargetGroup._meta.db_table
    insight_themes, insight_groups = Insight.themes.through._meta.db_table, Insight.target_groups.through._meta.db_table
    theme = Theme._meta.db_table
    national_theme = NationalTheme._meta.db_table

    def branch(
        facet: str, value: str, label: str, count: str, joins: str, group: str | None, order: str, limit: bool,
        source: str = "matches m",
    ) -> str:
        inner = (
            f"SELECT CAST({value} AS TEXT) AS value, CAST({label} AS TEXT) AS label, {count} AS n "  # nosec B608 - only column and table names from this module; search words travel as params
            f"FROM {source} {joins}{f' GROUP BY {group}' if group else ''} ORDER BY {order}"
        )
        if limit:
            inner += f" LIMIT {FACET_LIMIT}"
        return f"SELECT '{facet}' AS facet, value, label, n FROM ({inner}) AS {qn('facet_' + facet)}"  # nosec B608 - facet is a constant of this module, the alias is quoted

    m_id, m_source, m_year, m_org, m_initiative = "m.id", "m.source", "m.facet_year", "m.facet_org", "m.initiative"
    initiative = Initiative._meta.db_table
    # Matches counted per tag id first, names joined to the few tags after: an insight has each target group,
    # and each theme name (unique in its initiative), at most once, so the counts need no DISTINCT over the
    # matches, and 120,000 matches are not each joined to a name (national search: 1.1 -> 0.8 s uncached).
    tag_counts = (
        f"theme_counts (theme_id, n) AS (SELECT it.theme_id, COUNT(*) FROM matches m "  # nosec B608 - table names from this module
        f"JOIN {qn(insight_themes)} it ON it.insight_id = {m_id} GROUP BY it.theme_id), "
        f"group_counts (targetgroup_id, n) AS (SELECT ig.targetgroup_id, COUNT(*) FROM matches m "
        f"JOIN {qn(insight_groups)} ig ON ig.insight_id = {m_id} GROUP BY ig.targetgroup_id) "
    )
    matches = f"matches (id, source, facet_year, facet_org, initiative) AS ({matches_sql})"
    sql = f"WITH {matches}, {tag_counts}" + " UNION ALL ".join(
        [
            branch(
                "target_group", "g.id", "g.name", "c.n", f"JOIN {qn(target_group)} g ON g.id = c.targetgroup_id",
                None, "n DESC, g.name ASC", True, source="group_counts c",
            ),
            branch(
                "theme", "t.name", "t.name", "CAST(SUM(c.n) AS BIGINT)", f"JOIN {qn(theme)} t ON t.id = c.theme_id",
                "t.name", "n DESC, t.name ASC", True, source="theme_counts c",
            ),
            branch(
                "national_theme", "nt.id", "nt.name", f"COUNT(DISTINCT {m_id})",
                f"JOIN {qn(insight_themes)} it ON it.insight_id = {m_id} JOIN {qn(theme)} t ON t.id = it.theme_id "
                f"JOIN {qn(national_theme)} nt ON nt.id = t.national_theme_id",
                "nt.id, nt.name", "n DESC, nt.name ASC", True,
            ),
            branch("source", m_source, m_source, "COUNT(*)", "", m_source, f"n DESC, {m_source} ASC", False),
            branch(
                "organisation", "o.id", "o.name", "COUNT(*)", f"JOIN {qn(organisation)} o ON o.id = {m_org}",
                "o.id, o.name", "n DESC, o.name ASC", True,
            ),
            branch(
                "initiative", "i.id", "i.title", "COUNT(*)", f"JOIN {qn(initiative)} i ON i.id = {m_initiative}",
                "i.id, i.title", "n DESC, i.title ASC", True,
            ),
            branch("year", m_year, m_year, "COUNT(*)", "", m_year, f"{m_year} DESC", False),
        ]
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    source_labels = dict(Source.choices)
    for facet, value, label, n in rows:
        if facet in ("national_theme", "target_group", "organisation", "initiative"):
            facets[facet].append((int(value), label, n))
        elif facet == "year":
            year = int(float(value))
            facets[facet].append((year, year, n))
        elif facet == "source":
            facets[facet].append((value, source_labels.get(value, value), n))
        else:
            facets[facet].append((value, label, n))
    # A UNION ALL keeps no order across its parts: sort each facet as its own query did.
    for name in (name for name in SEARCH_FILTERS if name != "year"):
        facets[name].sort(key=lambda row: -row[2])  # stable: ties keep the database's name order
    facets["year"].sort(key=lambda row: -row[0])
    facets["total"] = sum(n for _value, _label, n in facets["source"])
    return facets
