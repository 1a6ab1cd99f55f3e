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

T = TypeVar("T")
DEFAULT_TIMEOUT = 10 * 60


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
