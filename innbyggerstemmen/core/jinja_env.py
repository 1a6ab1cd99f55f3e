"""The Jinja2 environment for the partials a page repeats many times: list rows, cards, form fields.

Django templates stay the pages' language; a partial rendered dozens of times per request
(a participant row, an insight in a list, a form field) is written for Jinja2, which renders it
several times faster. Pages include such a partial with ``{% jinja_include %}`` (core templatetag
``jinja``), htmx views render it directly.

Texts are written ``{{ _("…") }}`` and ``{{ ngettext("…", "…", n, counter=n) }}``; ``make messages``
reads them with Jinja2's own extractor (core/management/commands/translations.py).
"""
from datetime import datetime
from functools import cache, lru_cache

from django import forms
from django.template.defaultfilters import floatformat, linebreaksbr
from django.templatetags.static import static
from django.urls import reverse
from django.utils import formats
from django.utils.timezone import template_localtime
from django.utils.translation import get_language, gettext, ngettext
from jinja2 import Environment, StrictUndefined
from markupsafe import Markup

from .row_urls import url_per_row


def url(name: str, *args, **kwargs) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


# Format characters that show a time of day (Django's date format); the rest show the day.
TIME_CHARACTERS = frozenset("aABcefgGhHiIOPrsTuUZ")
TIMES_OF_DAY = {"H:i": "%H:%M", "H:i:s": "%H:%M:%S"}  # written the same by strftime


def date(value, format_name: str = "SHORT_DATE_FORMAT") -> str:
    """Django's ``date`` filter: a date or time in the active language, times in the local zone.

    Formatting one took ~40 µs, and a log page shows fifty events of a few days, twice each: a day is
    written once per format and language (``_day``), a time of day by strftime.
    """
    if not value:
        return ""
    if isinstance(value, datetime):
        value = template_localtime(value)
        if format_name in TIMES_OF_DAY:
            return value.strftime(TIMES_OF_DAY[format_name])
        if _shows_time(format_name, get_language()):
            return formats.date_format(value, format_name)
        value = value.date()
    return _day(value, format_name, get_language())


@cache
def _shows_time(format_name: str, language: str) -> bool:
    return not TIME_CHARACTERS.isdisjoint(formats.get_format(format_name, language))


@lru_cache(maxsize=4096)
def _day(day, format_name: str, language: str) -> str:
    """``day`` in the format, in ``language``, which is the active one (it is in the key)."""
    return formats.date_format(day, format_name)


@cache
def _thousands_separator(language: str) -> str:
    return formats.get_format("THOUSAND_SEPARATOR", language)


def number(value) -> str:
    """A whole number grouped as the active language writes it ("5 000" in Norwegian).

    Django's number_format reads four format settings at every call, and a results page calls it for
    every count; every language here groups by three (NUMBER_GROUPING), so a whole number needs
    only its separator.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}".replace(",", _thousands_separator(get_language()))
    return formats.number_format(value, force_grouping=True)


@cache
def _choice_labels(field) -> dict:
    return dict(field.flatchoices)


def display(instance, field_name: str):
    """``instance.get_<field>_display()``: the label of a choice field's value.

    Django's own method rebuilds the choice map, translating every label, at each call; a list row
    calls it several times, so the map is made once per field here.
    """
    field = instance._meta.get_field(field_name)
    value = getattr(instance, field.attname)
    return _choice_labels(field).get(value, value)


def choice_groups(bound_field) -> list[tuple[str | None, list]]:
    """A choice field's options under their group headings: [(group label or None, [subwidgets])].

    Django's grouped choices ("1. Hvor gammel er du?" → its options) would otherwise be one flat list.
    Model choices are never grouped, and are not read twice.
    """
    subwidgets = list(bound_field.subwidgets)
    if isinstance(bound_field.field, forms.ModelChoiceField):
        return [(None, subwidgets)]
    groups: list[tuple[str | None, list]] = []
    position = 0
    for value, label in bound_field.field.choices:
        size = len(label) if isinstance(label, list | tuple) else 1
        group = value if isinstance(label, list | tuple) else None
        if group is None and groups and groups[-1][0] is None:
            groups[-1][1].extend(subwidgets[position : position + size])
        else:
            groups.append((group, subwidgets[position : position + size]))
        position += size
    return groups


def translated(message: str, **values) -> Markup:
    """``_("…")`` in a partial: the translation, trusted as markup, its ``%(name)s`` values escaped, as Jinja2's
    newstyle gettext gives it. Jinja2's own passes each use through three context calls; a row partial uses it
    several times a row (100 uses: 3.9 -> 3.0 ms, with ngettext)."""
    text = Markup(gettext(message))  # nosec B704 - the catalogue's own text, as Jinja2's gettext trusts it
    return text % values if "%" in text else text


def translated_plural(singular: str, plural: str, number: int, **values) -> Markup:
    """``ngettext("…", "…", n, counter=n)`` in a partial, as ``translated``; ``num`` is the number, as in Jinja2's."""
    values.setdefault("num", number)
    return Markup(ngettext(singular, plural, number)) % values  # nosec B704 - the catalogue's text, its values escaped


def environment(**options) -> Environment:
    # A name the partial was not given is an error, not an empty string: each include passes its values.
    options["undefined"] = StrictUndefined
    options.pop("autoescape", None)  # HTML partials: always escaped, whatever the settings say
    env = Environment(autoescape=True, extensions=["jinja2.ext.i18n"], **options)
    env.install_gettext_callables(gettext, ngettext, newstyle=True)  # then ours in their place (see translated)
    env.globals.update(_=translated, gettext=translated, ngettext=translated_plural)
    env.globals.update(url=url, url_per_row=url_per_row, static=static)
    env.filters.update(
        choice_groups=choice_groups,
        date=date,
        display=display,
        floatformat=floatformat,
        linebreaksbr=linebreaksbr,
        number=number,
    )
    return env
