"""Checks on what services are given: a model's editable fields as keyword arguments, ids from a form."""
from collections.abc import Iterable


def checked_fields(fields: dict, *, allowed: Iterable[str], service: str) -> dict:
    """``fields`` unchanged, or TypeError naming the unknown ones: a misspelt name must fail, not vanish."""
    unknown = sorted(set(fields) - set(allowed))
    if unknown:
        raise TypeError(f"{service}() got unexpected field(s): {', '.join(unknown)}")
    return fields


def int_or_none(value) -> int | None:
    """An id or number from a request (GET, POST, htmx), or None when it is not one: callers treat it as not found."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
