"""Writes to initiatives and their run sheet."""
from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from innbyggerstemmen.accounts.models import Organisation
from innbyggerstemmen.core.fields import checked_fields, int_or_none

from .models import Activity, Initiative, ReachAge, TargetGroup, TargetGroupSize

INITIATIVE_FIELDS = (
    "title",
    "problem",
    "goal",
    "municipality",
    "area_description",
    "involvement_mode",
    "phase",
    "status",
    "anchored_by",
    "anchored_on",
    "start_date",
    "end_date",
)


def initiative_dates_validate(start_date: date | None, end_date: date | None) -> None:
    """The initiative's period ends after it starts (the form shows it beside the input's own errors)."""
    if start_date and end_date and end_date < start_date:
        raise ValidationError({"end_date": _("The end date cannot be before the start date.")})


def target_groups_from_names(names) -> list[TargetGroup]:
    """Find or create target groups by name, case-insensitively; the first spelling wins."""
    groups: dict[str, TargetGroup] = {}
    for name in (n.strip() for n in names if n and n.strip()):
        if name.casefold() not in groups:
            group = TargetGroup.objects.filter(name__iexact=name).first() or TargetGroup.objects.create(name=name)
            groups[name.casefold()] = group
    return list(groups.values())


@transaction.atomic
def initiative_create(
    *, user, owner_organisation: Organisation, target_groups=(), measures=(), **fields
) -> Initiative:
    if not (user.is_staff or owner_organisation.memberships.filter(user=user).exists()):
        raise PermissionDenied
    initiative_dates_validate(fields.get("start_date"), fields.get("end_date"))
    initiative = Initiative(
        owner_organisation=owner_organisation,
        created_by=user,
        **checked_fields(fields, allowed=INITIATIVE_FIELDS, service="initiative_create"),
    )
    initiative.full_clean()
    initiative.save()
    initiative.target_groups.set(target_groups)
    initiative.measures.set(measures)
    return initiative


@transaction.atomic
def initiative_update(*, initiative: Initiative, target_groups=None, measures=None, **fields) -> Initiative:
    changed = list(checked_fields(fields, allowed=INITIATIVE_FIELDS, service="initiative_update"))
    for key in changed:
        setattr(initiative, key, fields[key])
    initiative_dates_validate(initiative.start_date, initiative.end_date)
    initiative.full_clean()
    initiative.save(update_fields=[*changed, "updated_at"])
    if target_groups is not None:
        initiative.target_groups.set(target_groups)
    if measures is not None:
        initiative.measures.set(measures)
    return initiative


ACTIVITY_FIELDS = ("title", "starts_at", "duration_minutes", "purpose", "method", "roles", "responsible")


@transaction.atomic
def activity_create(*, initiative: Initiative, **fields) -> Activity:
    last = initiative.activities.aggregate(last=Max("position"))["last"]
    activity = Activity(
        initiative=initiative,
        position=(last + 1) if last is not None else 0,
        **checked_fields(fields, allowed=ACTIVITY_FIELDS, service="activity_create"),
    )
    activity.full_clean()
    activity.save()
    return activity


@transaction.atomic
def activity_update(*, activity: Activity, **fields) -> Activity:
    changed = list(checked_fields(fields, allowed=ACTIVITY_FIELDS, service="activity_update"))
    for key in changed:
        setattr(activity, key, fields[key])
    activity.full_clean()
    activity.save(update_fields=[*changed, "updated_at"])
    return activity


@transaction.atomic
def activity_delete(*, activity: Activity) -> None:
    initiative_id, position = activity.initiative_id, activity.position
    activity.delete()
    Activity.objects.filter(initiative_id=initiative_id, position__gt=position).update(position=F("position") - 1)


@transaction.atomic
def activity_move(*, activity: Activity, direction: str) -> Activity:
    """Swap the activity with its neighbour above ("up") or below ("down")."""
    if direction not in ("up", "down"):
        raise ValidationError(_("Unknown direction."))
    siblings = list(
        Activity.objects.select_for_update().filter(initiative_id=activity.initiative_id).order_by("position", "id")
    )
    index = next(i for i, a in enumerate(siblings) if a.pk == activity.pk)
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(siblings):
        siblings[index], siblings[target] = siblings[target], siblings[index]
    # Renumber so positions stay dense even after earlier edits.
    for position, sibling in enumerate(siblings):
        if sibling.position != position:
            sibling.position = position
            sibling.save(update_fields=["position"])
    return next(a for a in siblings if a.pk == activity.pk)


@transaction.atomic
def target_group_size_set(*, initiative, target_group_id, size, note: str = "", ages: str = "everyone") -> None:
    """Record how many people one of the initiative's target groups counts (blank: not known)."""
    group = initiative.target_groups.filter(pk=int_or_none(target_group_id)).first()
    if group is None:
        raise ValidationError(_("Choose one of the initiative's target groups."))
    if ages not in ReachAge.values:
        raise ValidationError(_("Choose who the target group is."))
    if size is not None and not 0 < size <= 10_000_000:
        raise ValidationError(_("Write the size as a whole number above 0, or leave it empty."))
    TargetGroupSize.objects.update_or_create(
        initiative=initiative, target_group=group, defaults={"size": size, "note": (note or "").strip()[:200], "ages": ages}
    )
