"""Checks on what services are given: a model's editable fields as keyword arguments, ids and text from a form."""
import re
from collections.abc import Iterable

# Control characters (a paste from a PDF, a crafted request) have no place in stored text; tabs and line breaks do.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


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


def clean_text(text: str) -> str:
    """Text from a form without control characters or surrounding blanks."""
    return _CONTROL.sub("", text or "").strip()
