"""SQLite's LIKE, made to ignore case beyond ASCII as PostgreSQL's UPPER() does.

SQLite, the embedded default, folds only A–Z: a search for "øyvind" or "ÅSE" would miss "Øyvind" and
"Åse". Django runs every icontains, istartswith and iexact as LIKE on SQLite, so giving the connection a
like() of its own (SQLite's documented way) makes them all agree with PostgreSQL.
"""
import re
from functools import lru_cache

from django.db.backends.signals import connection_created
from django.dispatch import receiver


@lru_cache(maxsize=512)
def _compiled(pattern: str, escape: str | None) -> re.Pattern:
    parts, index = [], 0
    while index < len(pattern):
        char = pattern[index]
        if char == escape and index + 1 < len(pattern):
            parts.append(re.escape(pattern[index + 1]))
            index += 2
            continue
        parts.append(".*" if char == "%" else "." if char == "_" else re.escape(char))
        index += 1
    return re.compile("".join(parts), re.IGNORECASE | re.DOTALL)


def like(pattern, value, escape=None):
    """``value LIKE pattern [ESCAPE escape]``: SQLite passes the pattern first."""
    if pattern is None or value is None:
        return None
    return _compiled(pattern, escape).fullmatch(str(value)) is not None


@receiver(connection_created, dispatch_uid="sqlite_like")
def _give_sqlite_our_like(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("like", 2, like, deterministic=True)
        connection.connection.create_function("like", 3, like, deterministic=True)
