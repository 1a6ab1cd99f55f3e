"""Caching of the overview's figures.

Every cache key carries the version token of the portal's counted figures
(core.cache_versions.FIGURES). Each app replaces that token when it writes what
the figures count: its saves and deletes through ``bump_on_write`` (declared in
its AppConfig.ready), its bulk writes through ``bump_on_commit`` in the service.
"""
from __future__ import annotations

from collections.abc import Callable

from innbyggerstemmen.core import cache_versions

TIMEOUT = 10 * 60


def get_or_compute(key: str, compute: Callable[[], dict]) -> dict:
    return cache_versions.get_or_compute(cache_versions.FIGURES, key, compute, TIMEOUT)
