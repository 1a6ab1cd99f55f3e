"""Reads for the method library."""
from __future__ import annotations

from django.db.models import QuerySet

from .models import MethodCard


def method_list() -> QuerySet[MethodCard]:
    return MethodCard.objects.order_by("name")


def method_get(*, slug: str) -> MethodCard:
    return MethodCard.objects.get(slug=slug)

