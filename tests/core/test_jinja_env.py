"""The Jinja2 partials' filters write numbers and dates as Django's own filters do, in each language."""
import pytest
from django.utils import formats, translation

from innbyggerstemmen.core.jinja_env import number


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
@pytest.mark.parametrize("value", [0, 7, 999, 1000, 5000, 123456, 1234567, -4200, 2.5, 1234.5])
def test_a_number_is_grouped_as_the_language_writes_it(language, value):
    with translation.override(language):
        assert number(value) == formats.number_format(value, force_grouping=True)


def test_norwegian_groups_thousands_with_a_space_that_does_not_break():
    with translation.override("nb"):
        assert number(5000) == "5\xa0000"
    with translation.override("en"):
        assert number(5000) == "5,000"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("nb", "Til stede · Les hele (1\xa0200 tegn) · 3 tiltak · 1 tiltak"),
     ("nn", "Til stades · Les heile (1\xa0200 teikn) · 3 tiltak · 1 tiltak")],
)
def test_a_partials_texts_are_translated_with_their_values(language, expected):
    from django.template import engines

    template = engines["jinja2"].from_string(
        '{{ _("Present") }} · {{ _("Read all (%(count)s characters)", count=n|number) }} · '
        '{{ ngettext("%(counter)s action", "%(counter)s actions", 3, counter=3) }} · '
        '{{ ngettext("%(counter)s action", "%(counter)s actions", 1, counter=1) }}'
    )
    with translation.override(language):
        assert template.render({"n": 1200}) == expected


def test_a_value_in_a_partials_text_is_escaped_and_the_text_itself_is_not():
    from django.template import engines

    template = engines["jinja2"].from_string('{{ _("Select") }}: {{ _("Hello %(name)s", name=name) }}')
    with translation.override("en"):
        assert template.render({"name": "<b>Ola</b>"}) == "Select: Hello &lt;b&gt;Ola&lt;/b&gt;"


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
@pytest.mark.parametrize("format_name", ["SHORT_DATE_FORMAT", "DATE_FORMAT", "DATETIME_FORMAT", "H:i", "H:i:s", "j. F"])
def test_a_date_or_time_is_written_as_djangos_date_filter_writes_it(language, format_name):
    """Late evening in UTC is the next day in Norway: the day is the local one, each language its own."""
    from datetime import UTC, date, datetime

    from django.template import engines
    from django.template.defaultfilters import date as django_date

    from innbyggerstemmen.core.jinja_env import date as partial_date

    moments = [datetime(2026, 12, 3, 23, 30, 5, tzinfo=UTC), datetime(2026, 6, 1, 8, 4, 9, tzinfo=UTC)]
    template = engines["django"].from_string("{{ value|date:format_name }}")
    with translation.override(language):
        for moment in moments:
            expected = template.render({"value": moment, "format_name": format_name})
            assert partial_date(moment, format_name) == expected
            assert partial_date(moment, format_name) == expected  # the kept day, a second time
        if format_name not in ("DATETIME_FORMAT", "H:i", "H:i:s"):
            assert partial_date(date(2026, 12, 4), format_name) == django_date(date(2026, 12, 4), format_name)
