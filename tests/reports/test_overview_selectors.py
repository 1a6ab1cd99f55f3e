"""The overview's figures against a hand-counted world (see overview_factories)."""
import pytest
from django.core.cache import cache

from initiatives.models import TargetGroup
from insights import services as insight_services
from reports.overview_selectors import (
    OverviewFilters,
    overview_figures,
    overview_figures_cached,
    overview_organisation_ids,
)
from tests.reports.overview_factories import INDICATOR, build_world, grow


@pytest.fixture
def world(organisation, other_organisation):
    return build_world(organisation, other_organisation)


def test_national_figures_count_every_district(world):
    figures = overview_figures(filters=OverviewFilters())

    assert figures["initiatives"] == {
        "total": 3,
        "reported_back": 1,
        "by_phase": {"explore": 2, "deliver": 1},
        "by_mode": {"co_developer": 1, "participant": 1, "co_producer": 1},
    }
    assert figures["reach"]["registrations"] == {
        "13-15": {"signed_up": 2, "attended": 1},
        "16-18": {"signed_up": 2, "attended": 2},
        "26-66": {"signed_up": 1, "attended": 1},
    }
    assert figures["reach"]["responses"] == {"youth": 2, "adults": 3}
    assert (figures["insights"], figures["insights_with_action"]) == (4, 2)
    assert figures["actions_by_status"] == {"started": 1, "completed": 1, "not_started": 1}
    assert figures["actions_by_owner"] == {"police": 1, "municipality": 1, "volunteers": 1}
    assert [(r["indicator"], r["year"], r["mean"], r["count"]) for r in figures["indicators"]] == [
        (INDICATOR, 2021, 4.5, 2),
        (INDICATOR, 2022, 2.5, 2),
    ]


def test_a_district_counts_only_its_own_initiatives(world, organisation):
    figures = overview_figures(filters=OverviewFilters(organisation_ids=(organisation.pk,)))

    assert (figures["initiatives"]["total"], figures["initiatives"]["reported_back"]) == (2, 1)
    assert "16-18" not in figures["reach"]["registrations"]  # Oslo's meeting
    assert (figures["insights"], figures["insights_with_action"]) == (3, 2)
    assert figures["actions_by_owner"] == {"police": 1, "municipality": 1}


def test_year_filter_uses_each_things_own_date(world):
    figures = overview_figures(filters=OverviewFilters(year=2021))

    assert figures["initiatives"]["by_phase"] == {"explore": 2}  # Skolevei started in 2022
    assert figures["reach"]["responses"] == {"youth": 2, "adults": 1}
    # Indicator trends show every year whatever the filter.
    assert [r["year"] for r in figures["indicators"]] == [2021, 2022]


def test_target_group_filter(world):
    youth = TargetGroup.objects.get(name="Ungdom")
    figures = overview_figures(filters=OverviewFilters(target_group_id=youth.pk))

    assert figures["initiatives"]["by_mode"] == {"co_developer": 1, "co_producer": 1}
    assert [r["year"] for r in figures["indicators"]] == [2021]


def test_whose_organisations_an_overview_covers(coordinator, organisation, other_organisation, national):
    assert overview_organisation_ids(user=coordinator) == (organisation.pk,)
    # A coordinator cannot widen their view by choosing another district.
    assert overview_organisation_ids(user=coordinator, district_id=other_organisation.pk) == (organisation.pk,)
    assert overview_organisation_ids(user=national) is None
    assert overview_organisation_ids(user=national, district_id=other_organisation.pk) == (other_organisation.pk,)


@pytest.mark.parametrize("size", [1, 25])
def test_the_number_of_queries_does_not_grow_with_the_data(world, size, django_assert_num_queries):
    grow(world.summer, size)
    with django_assert_num_queries(10):
        figures = overview_figures(filters=OverviewFilters(year=2021))
    assert figures["reach"]["registrations"]["19-25"]["signed_up"] == size


def test_cached_figures_are_reused_until_an_action_is_added(world, django_assert_num_queries):
    filters = OverviewFilters()
    first = overview_figures_cached(filters=filters)
    with django_assert_num_queries(0):
        assert overview_figures_cached(filters=filters) == first

    insight_services.action_create(initiative=world.oslo, title="Natteravner i parken", owner="volunteers")

    after = overview_figures_cached(filters=filters)
    assert after["actions_by_owner"]["volunteers"] == 2
    assert first["actions_by_owner"]["volunteers"] == 1


def test_linking_an_insight_to_an_action_invalidates_the_cache(world):
    filters = OverviewFilters(organisation_ids=(world.oslo.owner_organisation_id,))
    assert overview_figures_cached(filters=filters)["insights_with_action"] == 0
    action = world.oslo.followup_actions.get()
    insight_services.action_update(action=action, insights=list(world.oslo.insights.all()))
    assert overview_figures_cached(filters=filters)["insights_with_action"] == 1


def test_filters_have_their_own_cache_entries(world, organisation):
    national = overview_figures_cached(filters=OverviewFilters())
    district = overview_figures_cached(filters=OverviewFilters(organisation_ids=(organisation.pk,)))
    assert (national["initiatives"]["total"], district["initiatives"]["total"]) == (3, 2)
    cache.clear()  # an evicted version token must not bring old entries back
    assert overview_figures_cached(filters=OverviewFilters())["initiatives"]["total"] == 3
