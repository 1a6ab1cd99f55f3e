"""Caching of the overview's figures.

Every cache key carries the version token of the portal's counted figures
(core.cache_versions.FIGURES). Each app replaces that token when it writes what
the figures count: its saves and deletes through ``bump_on_write`` (declared in
its AppConfig.ready), its bulk writes through ``bump_on_commit`` in the service.

It also forgets the remembered "is police staff" answer behind the main menu's
Overview link (reports.rules) when someone's membership changes.
"""
from __future__ import annotations

from collections.abc import Callable

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

from innbyggerstemmen.accounts.models import Membership
from innbyggerstemmen.core import cache_versions

TIMEOUT = 10 * 60


def get_or_compute(key: str, compute: Callable[[], dict]) -> dict:
    return cache_versions.get_or_compute(cache_versions.FIGURES, key, compute, TIMEOUT)


def _membership_changed(sender=None, instance=None, **kwargs) -> None:
    from .rules import police_staff_key

    cache.delete(police_staff_key(instance.user_id))


def connect_signals() -> None:
    post_save.connect(_membership_changed, sender=Membership, dispatch_uid="overview-menu-membership-save")
    post_delete.connect(_membership_changed, sender=Membership, dispatch_uid="overview-menu-membership-delete")
