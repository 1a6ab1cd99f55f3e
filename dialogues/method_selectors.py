"""Reads for the method library."""
from __future__ import annotations

from django.apps import apps
from django.db.models import Q, QuerySet

from innbyggerstemmen.accounts.models import PartnerRole

from .models import MethodCard


def method_list() -> QuerySet[MethodCard]:
    return MethodCard.objects.order_by("name")


def method_get(*, slug: str) -> MethodCard:
    return MethodCard.objects.get(slug=slug)


def initiatives_for_runsheet_copy(*, user) -> QuerySet:
    """Initiatives whose run sheet the user may change, for the copy form's choices.

    Mirrors ``initiatives.change_runsheet`` in one query; the view still checks the
    permission on the chosen initiative, so this list only decides what is offered.
    """
    Initiative = apps.get_model("initiatives", "Initiative")
    queryset = Initiative.objects.exclude(status="cancelled")
    if not user.is_staff:
        runs_it = Q(owner_organisation__memberships__user=user) | Q(
            partnerships__user=user, partnerships__role__in=[PartnerRole.EDITOR, PartnerRole.FACILITATOR]
        )
        queryset = queryset.filter(pk__in=Initiative.objects.filter(runs_it).values("pk"))
    return queryset.select_related("owner_organisation").order_by("title", "id")
