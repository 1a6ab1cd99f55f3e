"""Reads of stories ("skattekisten"): each returns its rows with the joins done once."""
from django.db.models import Count, Prefetch, Q, QuerySet

from dialogues.models import Meeting, Registration
from initiatives.models import Activity
from insights.models import FollowUpAction, Insight

from .models import Story


def story_list() -> QuerySet[Story]:
    return (
        Story.objects.select_related("initiative__owner_organisation")
        .prefetch_related("initiative__target_groups")
        .order_by("-published_at", "-id")
    )


def story_detail(*, pk: int) -> Story:
    """The story with its initiative, target groups and run sheet; raises Story.DoesNotExist."""
    return (
        Story.objects.select_related("initiative__owner_organisation")
        .prefetch_related(
            "initiative__target_groups",
            Prefetch("initiative__activities", queryset=Activity.objects.order_by("position", "id")),
        )
        .get(pk=pk)
    )


def story_for(*, initiative) -> Story | None:
    return Story.objects.filter(initiative=initiative).first()


def story_counts(*, initiative) -> dict:
    """What the initiative reached, as numbers only: meetings, participants, insights, actions done."""
    registrations = Registration.objects.filter(meeting__initiative=initiative).aggregate(
        registered=Count("id", filter=Q(status="confirmed")), attended=Count("id", filter=Q(attended=True))
    )
    actions = FollowUpAction.objects.filter(initiative=initiative).aggregate(
        total=Count("id"), done=Count("id", filter=Q(status="completed"))
    )
    return {
        "meetings": Meeting.objects.filter(initiative=initiative).count(),
        "registered": registrations["registered"],
        "participants": registrations["attended"],
        "insights": Insight.objects.filter(initiative=initiative, merged_into__isnull=True).count(),
        "actions": actions["total"],
        "actions_done": actions["done"],
    }


def methods_used(*, initiative) -> list[str]:
    """The methods of the initiative's meetings, to suggest as "method used"."""
    return list(
        Meeting.objects.filter(initiative=initiative, method__isnull=False)
        .order_by("method__name")
        .values_list("method__name", flat=True)
        .distinct()
    )
