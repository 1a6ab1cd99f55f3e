"""Who we did not hear: each target group's reach (registered, attended, answered) against its size.

A target group is counted by who it is: youth (13–18) or adults, as meetings and surveys ask for age.
A group's size is the one given, or else (youth or adults) the population of its ages in the initiative's
municipality as the national team imported it (initiatives/population.py).
A group is flagged as under-represented when its share of the answers (or, before any survey, of those
who came) is less than half of its share of the people the initiative wants to reach: its size among the
sized target groups, or all of them when it is the only one. Counted live, so a survey still open shows it.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from dialogues.models import Registration, RegistrationStatus
from dialogues.surveys.models import YOUTH_AGE_GROUPS, RespondentGroup, Response
from initiatives.models import ReachAge, TargetGroupSize
from initiatives.selectors import population_size
from innbyggerstemmen.core import cache_versions

# Fewer answers than this say nothing about who is missing.
MIN_TO_JUDGE = 10
UNDER_REPRESENTED_BELOW = 0.5  # of the expected share

AGES = {
    ReachAge.YOUTH: (set(YOUTH_AGE_GROUPS), {RespondentGroup.YOUTH}),
    ReachAge.ADULTS: ({"19-25", "26-66", "67+"}, {RespondentGroup.ADULTS}),
}


@dataclass
class ReachRow:
    target_group: str
    ages: str
    size: int | None
    note: str
    registered: int
    attended: int
    answered: int
    answered_share: float | None  # of all answers to the initiative's surveys
    attended_share: float | None
    expected_share: float | None  # of the people the initiative wants to reach
    under_represented: bool

    @property
    def answered_percent(self) -> int | None:
        return None if self.answered_share is None else round(100 * self.answered_share)

    @property
    def attended_percent(self) -> int | None:
        return None if self.attended_share is None else round(100 * self.attended_share)

    @property
    def expected_percent(self) -> int | None:
        return None if self.expected_share is None else round(100 * self.expected_share)

    @property
    def answered_of_size(self) -> int | None:
        return round(100 * self.answered / self.size) if self.size else None


@dataclass
class _Counted:
    """The initiative's registrations by age group and completed answers by respondent group: two queries."""

    registrations: dict[str, tuple[int, int]]  # age group -> (registered, attended)
    answers: dict[str, int]  # respondent group -> answers

    @classmethod
    def of(cls, initiative) -> _Counted:
        # Kept until a registration, meeting, survey or response is written anywhere (each bumps FIGURES): the
        # answers of a large survey take a scan of its responses on every look at its results (make bench).
        return cache_versions.get_or_compute(
            cache_versions.FIGURES, f"reach:{initiative.pk}", lambda: cls._count(initiative)
        )

    @classmethod
    def _count(cls, initiative) -> _Counted:
        registrations = (
            Registration.objects.filter(meeting__initiative=initiative)
            .exclude(status=RegistrationStatus.CANCELLED)
            .values("age_group")
            .annotate(registered=Count("pk"), attended=Count("pk", filter=Q(attended=True)))
            .order_by()
        )
        answers = (
            Response.objects.filter(survey__initiative=initiative, completed=True)
            .values("respondent_group")
            .annotate(answers=Count("pk"))
            .order_by()
        )
        return cls(
            registrations={row["age_group"]: (row["registered"], row["attended"]) for row in registrations},
            answers={row["respondent_group"]: row["answers"] for row in answers},
        )

    def of_ages(self, ages: str) -> tuple[int, int, int]:
        """(registered, attended, answered) of those ages; everyone when ``ages`` is not youth or adults."""
        age_groups, respondent_groups = AGES.get(ages, (None, None))
        counts = [n for group, n in self.registrations.items() if age_groups is None or group in age_groups]
        answered = sum(
            n for group, n in self.answers.items() if respondent_groups is None or group in respondent_groups
        )
        return sum(r for r, _a in counts), sum(a for _r, a in counts), answered


def target_group_reach(*, initiative) -> list[ReachRow]:
    """One row per target group of the initiative, with its size if given, in the order of their names."""
    sizes = {row.target_group_id: row for row in TargetGroupSize.objects.filter(initiative=initiative)}
    groups = list(initiative.target_groups.order_by("name"))
    # A group of youth or adults without a size of its own is set against the imported population of those ages
    # in the initiative's municipality ("everyone" would hold the others too and hide who is missing).
    for row in sizes.values():
        if row.size or row.ages == ReachAge.EVERYONE:
            continue
        if found := population_size(municipality=initiative.municipality, ages=row.ages):
            row.size = found.people
            source = _("Population %(year)s, %(places)s (imported figures)") % {
                "year": found.year, "places": ", ".join(found.municipalities)
            }
            row.note = f"{source} – {row.note}" if row.note else source
    counted = _Counted.of(initiative)
    _registered, all_attended, all_answers = counted.of_ages(ReachAge.EVERYONE)
    sized_total = sum(row.size for row in sizes.values() if row.size and row.target_group_id in {g.pk for g in groups})
    rows = []
    for group in groups:
        size_row = sizes.get(group.pk)
        ages = size_row.ages if size_row else ReachAge.EVERYONE
        registered, attended, answered = counted.of_ages(ages)
        size = size_row.size if size_row else None
        expected = (size / sized_total) if size and sized_total else None
        answered_share = answered / all_answers if all_answers else None
        attended_share = attended / all_attended if all_attended else None
        if answered_share is not None and all_answers >= MIN_TO_JUDGE:
            judged = answered_share
        elif attended_share is not None and all_attended >= MIN_TO_JUDGE:
            judged = attended_share
        else:
            judged = None
        rows.append(
            ReachRow(
                target_group=group.name,
                ages=ages,
                size=size,
                note=size_row.note if size_row else "",
                registered=registered,
                attended=attended,
                answered=answered,
                answered_share=answered_share,
                attended_share=attended_share,
                expected_share=expected,
                under_represented=bool(
                    expected and ages != ReachAge.EVERYONE and judged is not None
                    and judged < expected * UNDER_REPRESENTED_BELOW
                ),
            )
        )
    return rows
