import pytest

pytestmark = pytest.mark.django_db

PERMS = ["surveys.view_survey", "surveys.change_survey", "surveys.distribute_survey", "surveys.export_answers"]


@pytest.mark.parametrize(
    "who, expected",
    [
        ("national", [True, True, True, True]),
        ("coordinator", [True, True, True, True]),
        ("editor", [True, True, True, True]),
        ("facilitator", [True, False, False, True]),
        ("viewer", [True, False, False, False]),
        ("stranger", [False, False, False, False]),
        ("other_coordinator", [False, False, False, False]),
    ],
)
def test_survey_permissions_per_role(request, initiative, who, expected):
    user = request.getfixturevalue(who)
    assert [user.has_perm(perm, initiative) for perm in PERMS] == expected


def test_indicator_trends_are_for_the_national_team(national, coordinator):
    assert national.has_perm("surveys.view_indicator_trends")
    assert not coordinator.has_perm("surveys.view_indicator_trends")
