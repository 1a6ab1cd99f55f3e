"""Who someone is to an initiative: the one fact every permission is built from.

``initiative_role`` answers it, memoised on the user object for the request,
so a page that checks several permissions on the same initiative asks the
database once. ``load_initiative`` is how every view of every app gets the
initiative it works in: 404 for a user who may not see it, 403 for one who
may see but not do what they ask.
"""
from __future__ import annotations

from collections.abc import Callable

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
    roles = _remembered_roles(user)
    if initiative.pk not in roles:
        roles[initiative.pk] = _role(
            Membership.objects.filter(user=user, organisation_id=initiative.owner_organisation_id).exists(),
            lambda: Partnership.objects.filter(user=user, initiative_id=initiative.pk)
            .values_list("role", flat=True)
            .first(),
        )
    return roles[initiative.pk]


def _role(is_member: bool, partner_role: Callable[[], str | None]) -> str | None:
    """A member of the owning organisation coordinates the initiative; anyone else is what their partnership
    says (asked only of someone who is not a member)."""
    return COORDINATOR if is_member else partner_role()


def _remembered_roles(user) -> dict:
    """The request's memo of roles by initiative id, on the user object (through request.user's lazy wrapper)."""
    roles = getattr(user, "_initiative_roles", None)
    if roles is None:
        roles = user._initiative_roles = {}
    return roles


def forget_roles(user) -> None:
    """Drop the memo after a change of access (e.g. an accepted invitation)."""
    if hasattr(user, "_initiative_roles"):
        del user._initiative_roles


VIEW = "initiatives.view_initiative"


def load_initiative(request, pk: int, perm: str = VIEW) -> Initiative:
    """The initiative if the user may do ``perm`` on it: 404 if they may not see it, 403 if only see.
    Who the user is to it is read with it, in one query (the national team's role needs none)."""
    user = request.user
    viewer = user if getattr(user, "is_authenticated", False) and user.is_active and not user.is_staff else None
    initiative = found_or_404(initiative_get, pk=pk, viewer=viewer)
    if viewer is not None:
        _remembered_roles(viewer)[initiative.pk] = _role(
            initiative.viewer_is_member, lambda: initiative.viewer_partner_role
        )
    require_perm(user, perm, initiative, view_perm=VIEW)
    return initiative
