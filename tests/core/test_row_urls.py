import pytest
from django.urls import NoReverseMatch, reverse

from innbyggerstemmen.core.row_urls import url_per_row


def test_a_rows_address_is_the_one_reverse_gives():
    insight_url = url_per_row("insights:insight_detail", 12)
    for insight_id in (1, 987, 987654321, 1234567890):
        assert insight_url(insight_id) == reverse("insights:insight_detail", args=[12, insight_id])


def test_a_pattern_without_the_rows_id_is_refused_at_once_not_per_row():
    with pytest.raises(NoReverseMatch):
        url_per_row("insights:search")
