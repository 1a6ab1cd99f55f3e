"""Reads of initiatives: each returns a queryset with its joins done once."""
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import (
    Count,
    Exists,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.utils import timezone

from innbyggerstemmen.accounts.models import Membership, Organisation, User
from innbyggerstemmen.core import cache_versions
from innbyggerstemmen.core.counting import count_of

from . import cache_scopes, population
from .models import (
    Activity,
    Initiative,
    Invitation,
    PartnerRole,
    Partnership,
    PopulationFigure,
    ReachAge,
    Status,
    TargetGroupSize,
)
from .plans.models import Measure


def initiative_visible_q(user) -> Q:
    """The initiatives a user may see: all for the national team, else their organisations' and invitations'."""
    if user.is_staff:
        return Q()
    # Two id lists rather than joins: no duplicate rows, and no join of every initiative to filter on.
    return Q(owner_organisation_id__in=Membership.objects.filter(user=user).values("organisation_id")) | Q(
        pk__in=Partnership.objects.filter(user=user).values("initiative_id")
    )


def initiative_list_for_user(*, user) -> QuerySet[Initiative]:
    return (
        Initiative.objects.filter(initiative_visible_q(user))
        .select_related("owner_organisation")
        # A plain list per card (target_group_list): no related manager and queryset copy per card.
        .prefetch_related(Prefetch("target_groups", to_attr="target_group_list"))
        # A subquery per shown row, not a join: the paginator's count then reads no activities at all.
        .annotate(activity_count=count_of(Activity.objects.all(), "initiative"))
        .order_by("-updated_at", "-id")
    )


def initiative_owners() -> QuerySet[Organisation]:
    """The organisations that own an initiative, by name (the national team's dashboard filter)."""
    return Organisation.objects.filter(pk__in=Initiative.objects.values("owner_organisation_id")).order_by("name")


def initiative_get(*, pk: int, viewer: User | None = None) -> Initiative:
    """The initiative with its owner (every initiative page needs it); raises Initiative.DoesNotExist.

    With ``viewer``, what access.initiative_role needs of them, read in the same query: whether they are
    a member of the owner (``viewer_is_member``) and their partner role (``viewer_partner_role``, or None).
    """
    initiatives = Initiative.objects.select_related("owner_organisation")
    if viewer is not None:
        initiatives = initiatives.annotate(
            viewer_is_member=Exists(
                Membership.objects.filter(user=viewer, organisation_id=OuterRef("owner_organisation_id"))
            ),
            viewer_partner_role=Subquery(
                Partnership.objects.filter(user=viewer, initiative_id=OuterRef("pk")).values("role")[:1]
            ),
        )
    return initiatives.get(pk=pk)


@dataclass(frozen=True)
class PlannedActivity:
    title: str
    starts_at: datetime | None


@dataclass(frozen=True)
class LinkedMeasure:
    plan_name: str
    plan_url: str
    number: int
    title: str


@dataclass(frozen=True)
class InitiativeOverview:
    """What the initiative's own page lists beside its own fields (see initiative_overview)."""

    target_groups: tuple[str, ...]
    activities: tuple[PlannedActivity, ...]
    measures: tuple[LinkedMeasure, ...]
    story_url: str | None


def initiative_overview(initiative: Initiative) -> InitiativeOverview:
    """Its target groups, run sheet, action plan measures and story, kept until one of them is written to: read
    through the ORM they took ~3 ms of the page's ~13 ms of CPU a request, in four queries (make bench, national
    size)."""
    pk = initiative.pk
    scopes = (
        cache_scopes.initiative_content(pk),  # its target groups
        cache_scopes.SHARED_NAMES,
        cache_scopes.initiative_overview(pk),
        cache_scopes.ACTION_PLANS,
    )

    def read() -> InitiativeOverview:
        measures = Measure.objects.filter(initiatives=pk).select_related("plan").order_by("plan__name", "number")
        # A story is told by the reports app, which this app does not import: read by its relation's name.
        story = getattr(initiative, "story", None)
        return InitiativeOverview(
            target_groups=tuple(initiative.target_groups.values_list("name", flat=True)),
            activities=tuple(
                PlannedActivity(title, starts_at)
                for title, starts_at in activity_list(initiative=initiative).values_list("title", "starts_at")
            ),
            measures=tuple(
                LinkedMeasure(m.plan.name, m.plan.get_absolute_url(), m.number, m.title) for m in measures
            ),
            story_url=story.get_absolute_url() if story else None,
        )

    return cache_versions.get_or_compute(scopes, f"initiative-overview:{pk}", read)


def activity_list(*, initiative: Initiative) -> QuerySet[Activity]:
    return initiative.activities.order_by("position", "id")


@dataclass(frozen=True)
class TimelineRow:
    """One activity placed in time. ``planned`` when its start was written, else worked out from the one before."""

    activity: Activity
    starts_at: datetime | None
    ends_at: datetime | None
    planned: bool
    overlaps_previous: bool
    new_day: bool


def activity_timeline(*, initiative: Initiative) -> list[TimelineRow]:
    """The run sheet as a timeline: an activity without its own time starts when the one before it ends,
    so durations add up to start times and a copied method follows on from what is already planned."""
    rows: list[TimelineRow] = []
    previous_end = previous_day = None
    for activity in activity_list(initiative=initiative):
        starts_at = activity.starts_at or previous_end
        ends_at = starts_at + timedelta(minutes=activity.duration_minutes) if starts_at and activity.duration_minutes else None
        day = timezone.localtime(starts_at).date() if starts_at else None
        rows.append(
            TimelineRow(
                activity=activity,
                starts_at=starts_at,
                ends_at=ends_at,
                planned=activity.starts_at is not None,
                overlaps_previous=bool(activity.starts_at and previous_end and activity.starts_at < previous_end),
                new_day=day is not None and day != previous_day,
            )
        )
        previous_end, previous_day = ends_at, day or previous_day
    return rows


def partner_list(*, initiative: Initiative) -> QuerySet[Partnership]:
    return initiative.partnerships.select_related("user").order_by("user__email")


def partner_users(*, initiative: Initiative) -> QuerySet[User]:
    """The people who may be chosen for a task in the initiative (a group's facilitator): its partners."""
    return User.objects.filter(partnerships__initiative=initiative).order_by("full_name", "email")


def invitation_list(*, initiative: Initiative) -> QuerySet[Invitation]:
    return initiative.invitations.filter(accepted_at__isnull=True).select_related("invited_by").order_by("-created_at")


def organisations_for_user(*, user) -> QuerySet[Organisation]:
    """Organisations a user may create initiatives for."""
    police = Organisation.objects.filter(kind__in=Organisation.POLICE_KINDS)
    if user.is_staff:
        return police
    return police.filter(memberships__user=user)


def partner_organisation_names(*, initiative_id: int) -> list[str]:
    """The organisations partners named when they accepted their invitation, alphabetically."""
    return list(
        Invitation.objects.filter(initiative_id=initiative_id, accepted_at__isnull=False)
        .exclude(organisation_name="")
        .values_list("organisation_name", flat=True)
        .distinct()
        .order_by("organisation_name")
    )


def initiatives_with_changeable_runsheet(*, user) -> QuerySet[Initiative]:
    """Initiatives whose run sheet the user may change, e.g. for the method library's copy form.

    Mirrors ``initiatives.change_runsheet`` in one query; the view still checks the
    permission on the chosen initiative, so this list only decides what is offered.
    """
    queryset = Initiative.objects.exclude(status=Status.CANCELLED)
    if not user.is_staff:
        runs_it = Q(owner_organisation__memberships__user=user) | Q(
            partnerships__user=user, partnerships__role__in=[PartnerRole.EDITOR, PartnerRole.FACILITATOR]
        )
        queryset = queryset.filter(pk__in=Initiative.objects.filter(runs_it).values("pk"))
    return queryset.select_related("owner_organisation").order_by("title", "id")


def target_group_sizes(*, initiative: Initiative) -> QuerySet[TargetGroupSize]:
    return TargetGroupSize.objects.filter(initiative=initiative)


# Population figures -------------------------------------------------------------------------


@dataclass(frozen=True)
class PopulationSize:
    people: int
    year: int
    municipalities: list[str]


def population_size(*, municipality: str, ages: str) -> PopulationSize | None:
    """How many of these ages live in the initiative's municipalities, by the latest year imported for them."""
    names = population.municipality_names(municipality)
    if not names:
        return None
    figures = PopulationFigure.objects.none()
    for name in names:
        figures = figures | PopulationFigure.objects.filter(municipality__iexact=name)
    latest = figures.aggregate(year=Max("year"))["year"]
    if latest is None:
        return None
    youngest, oldest = population.AGE_RANGES.get(ages, population.AGE_RANGES[ReachAge.EVERYONE])
    counted = figures.filter(year=latest, age__gte=youngest)
    if oldest is not None:
        counted = counted.filter(age__lte=oldest)
    found = counted.aggregate(people=Sum("count"))["people"]
    if not found:
        return None
    found_names = sorted(set(counted.values_list("municipality", flat=True)))
    return PopulationSize(people=found, year=latest, municipalities=found_names)


def population_summary() -> list[dict]:
    """What has been imported: per year, how many municipalities and people."""
    return list(
        PopulationFigure.objects.values("year")
        .annotate(people=Sum("count"), municipalities=Count("municipality", distinct=True))
        .order_by("-year")
    )
