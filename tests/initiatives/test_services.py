from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from initiatives import services
from initiatives.models import Activity, Initiative
from tests.factories import ActivityFactory


def test_coordinator_creates_initiative_with_target_groups(coordinator, organisation):
    groups = services.target_groups_from_names(["Ungdom 13–15 år", "Foreldre", " foreldre "])
    initiative = services.initiative_create(
        user=coordinator,
        owner_organisation=organisation,
        target_groups=groups,
        title="Nærmiljøprat på Husøy",
        start_date=date(2021, 5, 1),
        end_date=date(2021, 9, 1),
    )
    assert initiative.created_by == coordinator
    assert sorted(g.name for g in initiative.target_groups.all()) == ["Foreldre", "Ungdom 13–15 år"]


def test_cannot_create_for_another_organisation(coordinator, other_organisation):
    with pytest.raises(PermissionDenied):
        services.initiative_create(user=coordinator, owner_organisation=other_organisation, title="X")
    assert not Initiative.objects.exists()


def test_end_before_start_is_refused_and_nothing_changes(initiative):
    initiative.start_date = None
    with pytest.raises(ValidationError) as error:
        services.initiative_update(
            initiative=initiative, title="Endret", start_date=date(2021, 9, 1), end_date=date(2021, 5, 1)
        )
    assert "end_date" in error.value.message_dict
    initiative.refresh_from_db()
    assert initiative.title == "En god sommer i Tønsberg"


def test_activities_are_appended_and_moved(initiative):
    first = services.activity_create(initiative=initiative, title="Velkommen")
    second = services.activity_create(initiative=initiative, title="Gruppearbeid")
    third = services.activity_create(initiative=initiative, title="Oppsummering")
    assert [first.position, second.position, third.position] == [0, 1, 2]

    services.activity_move(activity=third, direction="up")
    titles = list(Activity.objects.filter(initiative=initiative).values_list("title", flat=True))
    assert titles == ["Velkommen", "Oppsummering", "Gruppearbeid"]

    # Moving the first one up changes nothing.
    services.activity_move(activity=first, direction="up")
    assert list(Activity.objects.values_list("title", flat=True))[0] == "Velkommen"


def test_deleting_an_activity_closes_the_gap(initiative):
    activities = [ActivityFactory(initiative=initiative, position=i) for i in range(3)]
    services.activity_delete(activity=activities[0])
    assert list(Activity.objects.order_by("position").values_list("position", flat=True)) == [0, 1]


def test_unknown_direction_is_refused(initiative):
    activity = ActivityFactory(initiative=initiative)
    with pytest.raises(ValidationError):
        services.activity_move(activity=activity, direction="sideways")
