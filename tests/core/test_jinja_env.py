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
