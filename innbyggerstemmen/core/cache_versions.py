"""Cached figures that are never stale: every key carries its scope's version token.

A scope names what the figures are computed from ("overview", "survey-results:12").
Whoever changes that data replaces the scope's token (after the transaction commits,
so a request running meanwhile cannot cache figures of a half-written change under
the new token); the next read computes fresh figures and the old entries expire. A
fresh token never equals an old one, even after the cache evicted the token itself.
"""
from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

T = TypeVar("T")
DEFAULT_TIMEOUT = 10 * 60

# Figures counted across initiatives (the overview, the insight search's facets). Each app
# names the models whose writes change them (``bump_on_write`` from its AppConfig.ready).
FIGURES = "figures"


def _version_key(scope: str) -> str:
    return f"version:{scope}"


def current_version(scope: str) -> str:
    version = cache.get(_version_key(scope))
    if version is None:
        cache.add(_version_key(scope), uuid.uuid4().hex, None)
        version = cache.get(_version_key(scope))
    return version


def bump(scope: str) -> None:
    cache.set(_version_key(scope), uuid.uuid4().hex, None)


def bump_on_commit(scope: str) -> None:
    transaction.on_commit(lambda: bump(scope))


def get_or_compute(scope: str, key: str, compute: Callable[[], T], timeout: int = DEFAULT_TIMEOUT) -> T:
    full_key = f"{scope}:{current_version(scope)}:{key}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, timeout)
    return value


def bump_on_write(scope: str, *, models=(), relations=()) -> None:
    """Replace the scope's token after a commit that saved or deleted one of ``models``,
    or changed one of ``relations`` (many-to-many managers such as ``Insight.themes``).

    A signal is used because this is cache invalidation, not domain logic. Bulk writes
    (``update()``, ``bulk_create``) send no signal: their service calls ``bump_on_commit``.
    """

    def changed(sender=None, **kwargs) -> None:
        bump_on_commit(scope)

    def m2m(sender=None, action="", **kwargs) -> None:
        if action in ("post_add", "post_remove", "post_clear"):
            bump_on_commit(scope)

    for model in models:
        label = model._meta.label
        post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"{scope}-save-{label}")
        post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"{scope}-delete-{label}")
    for relation in relations:
        through = relation.through
        m2m_changed.connect(m2m, sender=through, weak=False, dispatch_uid=f"{scope}-m2m-{through._meta.label}")
