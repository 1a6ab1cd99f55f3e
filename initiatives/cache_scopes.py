"""Which kept figures a write makes stale (core.cache_versions): one initiative's, every initiative's, or all counts.

A write in one initiative replaces only that initiative's token (and the cross-initiative ones), so the
theme board, counts and search of other districts stay kept: with one token for everything, any insight,
signup or survey answer anywhere made every district's next look a cold one (make bench, first look).

- ``initiative_content(pk)``: what one initiative holds (its insights, themes and their tags).
- ``meetings_and_actions(pk)``: one initiative's meetings and follow-up actions, which its insight forms offer.
- ``initiative_overview(pk)``: what one initiative's own page lists beside its content: its run sheet, its
  action plan measures and its story; ``ACTION_PLANS``: the plans and measures any initiative may link to.
- ``ALL_INITIATIVES``: any initiative's content, for what is looked up across them all (the national search).
- ``SHARED_NAMES``: names every initiative shows (target groups, organisations, national themes).
- ``cache_versions.FIGURES``: every counted figure, meetings and surveys included (the overview).
"""
from innbyggerstemmen.core.cache_versions import FIGURES, bump_on_commit

ALL_INITIATIVES = "all-initiatives"
SHARED_NAMES = "shared-names"
ACTION_PLANS = "action-plans"


def initiative_content(initiative_id: int) -> str:
    return f"initiative-content:{initiative_id}"


def meetings_and_actions(initiative_id: int) -> str:
    return f"meetings-and-actions:{initiative_id}"


def meeting_or_action_written(instance) -> tuple[str, ...]:
    """The scopes a saved or deleted meeting or follow-up action makes stale (for ``bump_on_write``): its
    initiative's list of them, and the counted figures."""
    return meetings_and_actions(instance.initiative_id), FIGURES


def initiative_overview(initiative_id: int) -> str:
    return f"initiative-overview:{initiative_id}"


def overview_written(instance) -> tuple[str, ...]:
    """The scopes a saved or deleted run-sheet activity or story makes stale: its initiative's overview."""
    return (initiative_overview(instance.initiative_id),)


def measures_linked(instance) -> tuple[str, ...]:
    """The scopes a change to an initiative's measures makes stale: added from the initiative's side, its overview;
    from a measure's side (which initiatives it names), every overview, as a change to the measure would."""
    from .models import Initiative

    return (initiative_overview(instance.pk),) if isinstance(instance, Initiative) else (ACTION_PLANS,)


def initiatives_content(initiative_ids) -> list[str]:
    """The scopes a look across these initiatives reads: theirs and the names they share."""
    return [SHARED_NAMES, *map(initiative_content, initiative_ids)]


def _content_stale(*initiative_ids: int) -> tuple[str, ...]:
    """What a change to these initiatives' content makes stale: theirs, and what is read across them all."""
    return (*map(initiative_content, initiative_ids), ALL_INITIATIVES, FIGURES)


# What a change to a name every initiative may show makes stale.
SHARED_NAMES_STALE = (SHARED_NAMES, ALL_INITIATIVES, FIGURES)


def written(instance) -> tuple[str, ...]:
    """The scopes a saved or deleted row makes stale (for ``bump_on_write``): its initiative's, when it has
    one (an initiative, or a row of one); else the shared names, which any initiative may show."""
    from .models import Initiative

    initiative_id = instance.pk if isinstance(instance, Initiative) else getattr(instance, "initiative_id", None)
    return SHARED_NAMES_STALE if initiative_id is None else _content_stale(initiative_id)


def content_changed_on_commit(*initiative_ids: int) -> None:
    """For bulk writes, which send no signal: the initiatives' kept figures are replaced after the commit."""
    bump_on_commit(*_content_stale(*initiative_ids))


def shared_names_changed_on_commit() -> None:
    bump_on_commit(*SHARED_NAMES_STALE)
