"""The one check for services that take a model's editable fields as keyword arguments."""
from collections.abc import Iterable


def checked_fields(fields: dict, *, allowed: Iterable[str], service: str) -> dict:
    """``fields`` unchanged, or TypeError naming the unknown ones: a misspelt name must fail, not vanish."""
    unknown = sorted(set(fields) - set(allowed))
    if unknown:
        raise TypeError(f"{service}() got unexpected field(s): {', '.join(unknown)}")
    return fields
