"""Who someone is to an initiative: the one fact every permission is built from.

``initiative_role`` answers it, memoised on the user object for the request,
so a page that checks several permissions on the same initiative asks the
database once. ``load_initiative`` is how every view of every app gets the
initiative it works in: 404 for a user who may not see it, 403 for one who
may see but not do what they ask.
"""
from __future__ import annotations

from innbyggerstemmen.accounts.models import Membership
from innbyggerstemmen.core.access import found_or_404, require_perm

from .models import Initiative, Partnership
from .selectors import initiative_get

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


VIEW = "initiatives.view_initiative"


def load_initiative(request, pk: int, perm: str = VIEW) -> Initiative:
    """The initiative if the user may do ``perm`` on it: 404 if they may not see it, 403 if only see."""
    initiative = found_or_404(initiative_get, pk=pk)
    require_perm(request.user, perm, initiative, view_perm=VIEW)
    return initiative
