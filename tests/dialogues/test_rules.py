import pytest

ROLES_THAT_RUN_MEETINGS = {"coordinator", "national", "editor", "facilitator"}


@pytest.mark.parametrize(
    "who", ["coordinator", "national", "editor", "facilitator", "viewer", "stranger", "other_coordinator"]
)
def test_meeting_permissions_per_role(request, initiative, who):
    user = request.getfixturevalue(who)
    sees = who not in ("stranger", "other_coordinator")
    runs = who in ROLES_THAT_RUN_MEETINGS
    assert user.has_perm("dialogues.view_meeting", initiative) is sees
    assert user.has_perm("dialogues.change_meeting", initiative) is runs
    assert user.has_perm("dialogues.view_participants", initiative) is runs
    assert user.has_perm("dialogues.change_participants", initiative) is runs


def test_anonymous_has_no_meeting_permissions(initiative):
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    for perm in ("view_meeting", "change_meeting", "view_participants", "change_participants"):
        assert not anonymous.has_perm(f"dialogues.{perm}", initiative)
