"""The national team's shared theme list: each name and synonym belongs to one national theme, and every
initiative theme with that name (any case) is mapped to it, now and when it is created later.

A word can mean only one national theme: a synonym that is another theme's name or synonym would make
the mapping go round in a loop or depend on order, so it is refused with a message that names the other.
"""
from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from initiatives import cache_scopes
from innbyggerstemmen.core.fields import int_or_none

from .models import NationalTheme, Theme

MAX_SYNONYMS = 50


def synonym_list(text: str) -> list[str]:
    """ "trygghet, Trygt nærmiljø\\ntrygghet" -> ["trygghet", "Trygt nærmiljø"]: no blanks or repeats (any case)."""
    seen, words = set(), []
    for word in re.split(r"[,\n;]", text or ""):
        word = " ".join(word.split())
        if word and word.lower() not in seen:
            seen.add(word.lower())
            words.append(word)
    return words


def _words_of(national: NationalTheme) -> set[str]:
    return {national.name.lower(), *(word.lower() for word in synonym_list(national.synonyms))}


def national_theme_for(name: str, themes: list[NationalTheme] | None = None) -> NationalTheme | None:
    """The national theme a theme named ``name`` belongs to, by its name or a synonym (any case)."""
    wanted = " ".join((name or "").split()).lower()
    for national in themes if themes is not None else NationalTheme.objects.all():
        if wanted in _words_of(national):
            return national
    return None


@transaction.atomic
def national_theme_save(*, theme_id=None, name: str, synonyms: str = "") -> NationalTheme:
    """Add a national theme or change one; then map every initiative theme named by it."""
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Write the national theme's name.")})
    if len(name) > 100:
        raise ValidationError({"name": _("A name can have at most 100 characters.")})
    words = [word for word in synonym_list(synonyms) if word.lower() != name.lower()]
    if len(words) > MAX_SYNONYMS:
        raise ValidationError({"synonyms": _("Give at most %(max)s synonyms.") % {"max": MAX_SYNONYMS}})
    if any(len(word) > 100 for word in words):
        raise ValidationError({"synonyms": _("A synonym can have at most 100 characters.")})
    national = None
    if theme_id not in (None, ""):
        national = NationalTheme.objects.select_for_update().filter(pk=int_or_none(theme_id)).first()
        if national is None:
            raise ValidationError(_("Choose a national theme from the list."))
    others = NationalTheme.objects.select_for_update().exclude(pk=national.pk if national else None)
    for other in others:
        clash = next((word for word in [name, *words] if word.lower() in _words_of(other)), None)
        if clash:
            raise ValidationError(
                {"synonyms" if clash != name else "name": _(
                    "“%(word)s” already belongs to the national theme “%(other)s”: a word can mean only one national theme."
                ) % {"word": clash, "other": other.name}}
            )
    national = national or NationalTheme()
    national.name, national.synonyms = name, "\n".join(words)
    national.save()
    national_themes_map(national=national)
    return national


def national_themes_map(*, national: NationalTheme) -> int:
    """Map the initiative themes named by ``national`` to it, and unmap those it no longer names."""
    words = _words_of(national)
    Theme.objects.filter(national_theme=national).annotate(lower=Lower("name")).exclude(lower__in=words).update(
        national_theme=None
    )
    mapped = Theme.objects.annotate(lower=Lower("name")).filter(lower__in=words).update(national_theme=national)
    cache_scopes.shared_names_changed_on_commit()  # search's facets count by national theme
    return mapped

