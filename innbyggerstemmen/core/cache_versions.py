"""Cached figures that are never stale: every key carries its scope's version token.

A scope names what the figures are computed from ("overview", "survey-results:12").
Whoever changes that data replaces the scope's token (after the transaction commits,
so a request running meanwhile cannot cache figures of a half-written change under
the new token); the next read computes fresh figures and the old entries expire. A
fresh token never equals an old one, even after the cache evicted the token itself.
"""
from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterable
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


def current_version(*scopes: str) -> str:
    """One token for the versions of all ``scopes`` (read in one round trip): it changes when any of them does."""
    keys = [_version_key(scope) for scope in scopes]
    found = cache.get_many(keys)
    if missing := [key for key in keys if key not in found]:
        for key in missing:
            cache.add(key, uuid.uuid4().hex, None)
        found.update(cache.get_many(missing))
    if len(keys) == 1:
        return found.get(keys[0], "")
    return hashlib.sha256(".".join(found.get(key, "") for key in keys).encode()).hexdigest()[:32]


def bump(*scopes: str) -> None:
    cache.set_many({_version_key(scope): uuid.uuid4().hex for scope in scopes}, None)


def bump_on_commit(*scopes: str) -> None:
    transaction.on_commit(lambda: bump(*scopes))


def versioned(scope: str | Iterable[str]) -> str:
    """A key prefix naming ``scope`` (or several scopes) at their current versions. Read it once for several
    values kept by the same scopes (``get_or_compute_under``): a search reads the versions of its district's
    two hundred initiatives."""
    scopes = (scope,) if isinstance(scope, str) else tuple(scope)
    return f"{scopes[0]}:{current_version(*scopes)}"


def get_or_compute(
    scope: str | Iterable[str], key: str, compute: Callable[[], T], timeout: int = DEFAULT_TIMEOUT
) -> T:
    """The cached value of ``key`` while ``scope`` (or every one of several scopes) is unchanged, else ``compute()``."""
    return get_or_compute_under(versioned(scope), key, compute, timeout)


def get_or_compute_under(prefix: str, key: str, compute: Callable[[], T], timeout: int = DEFAULT_TIMEOUT) -> T:
    """``get_or_compute`` with the versions already read (``versioned``)."""
    full_key = f"{prefix}:{key}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, timeout)
    return value


def bump_on_write(scope: str | Callable[[object], Iterable[str]], *, models=(), relations=()) -> None:
    """Replace the scope's token after a commit that saved or deleted one of ``models``,
    or changed one of ``relations`` (many-to-many managers such as ``Insight.themes``).
    ``scope`` may be a function of the row written (either side of a relation) giving its scopes.

    A signal is used because this is cache invalidation, not domain logic. Bulk writes
    (``update()``, ``bulk_create``) send no signal: their service calls ``bump_on_commit``.
    """

    def scopes_of(instance) -> Iterable[str]:
        return (scope,) if isinstance(scope, str) else scope(instance)

    def changed(sender=None, instance=None, **kwargs) -> None:
        bump_on_commit(*scopes_of(instance))

    def m2m(sender=None, instance=None, action="", **kwargs) -> None:
        if action in ("post_add", "post_remove", "post_clear"):
            bump_on_commit(*scopes_of(instance))

    for model in models:
        label = model._meta.label
        post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"{scope}-save-{label}")
        post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"{scope}-delete-{label}")
    for relation in relations:
        through = relation.through
        m2m_changed.connect(m2m, sender=through, weak=False, dispatch_uid=f"{scope}-m2m-{through._meta.label}")
