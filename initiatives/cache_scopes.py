"""Which kept figures a write makes stale (core.cache_versions): one initiative's, every initiative's, or all counts.

A write in one initiative replaces only that initiative's token (and the cross-initiative ones), so the
theme board, counts and search of other districts stay kept: with one token for everything, any insight,
signup or survey answer anywhere made every district's next look a cold one (make bench, first look).

- ``initiative_content(pk)``: what one initiative holds (its insights, themes and their tags).
- ``ALL_INITIATIVES``: any initiative's content, for what is looked up across them all (the national search).
- ``SHARED_NAMES``: names every initiative shows (target groups, organisations, national themes).
- ``cache_versions.FIGURES``: every counted figure, meetings and surveys included (the overview).
"""
from innbyggerstemmen.core.cache_versions import FIGURES, bump_on_commit

ALL_INITIATIVES = "all-initiatives"
SHARED_NAMES = "shared-names"


def initiative_content(initiative_id: int) -> str:
    return f"initiative-content:{initiative_id}"


def initiatives_content(initiative_ids) -> list[str]:
    """The scopes a look across these initiatives reads: theirs and the names they share."""
    return [SHARED_NAMES, *map(initiative_content, initiative_ids)]


def written(instance) -> tuple[str, ...]:
    """The scopes a saved or deleted row makes stale (for ``bump_on_write``): its initiative's, when it has
    one (an initiative, or a row of one); else the shared names, which any initiative may show."""
    from .models import Initiative

    initiative_id = instance.pk if isinstance(instance, Initiative) else getattr(instance, "initiative_id", None)
    if initiative_id is None:
        return SHARED_NAMES, ALL_INITIATIVES, FIGURES
    return initiative_content(initiative_id), ALL_INITIATIVES, FIGURES


def content_changed_on_commit(*initiative_ids: int) -> None:
    """For bulk writes, which send no signal: the initiatives' kept figures are replaced after the commit."""
    bump_on_commit(*map(initiative_content, initiative_ids), ALL_INITIATIVES, FIGURES)


def shared_names_changed_on_commit() -> None:
    bump_on_commit(SHARED_NAMES, ALL_INITIATIVES, FIGURES)
