"""Who someone is to an initiative: the one fact every permission is built from.

The answer is memoised on the user object for the request, so a page that
checks several permissions on the same initiative asks the database once.
"""
from __future__ import annotations

from innbyggerstemmen.accounts.models import Membership, Partnership

NATIONAL = "national"
COORDINATOR = "coordinator"


def initiative_role(user, initiative) -> str | None:
    """Return "national", "coordinator", a partner role, or None for no access."""
    if initiative is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_staff:
        return NATIONAL
    cache = user.__dict__.setdefault("_initiative_roles", {})
    if initiative.pk not in cache:
        if Membership.objects.filter(user=user, organisation_id=initiative.owner_organisation_id).exists():
            cache[initiative.pk] = COORDINATOR
        else:
            cache[initiative.pk] = (
                Partnership.objects.filter(user=user, initiative_id=initiative.pk)
                .values_list("role", flat=True)
                .first()
            )
    return cache[initiative.pk]


def forget_roles(user) -> None:
    """Drop the memo after a change of access (e.g. an accepted invitation)."""
    user.__dict__.pop("_initiative_roles", None)
