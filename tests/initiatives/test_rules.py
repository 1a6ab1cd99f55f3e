"""Each initiative permission for each kind of person."""
import pytest

PERMISSIONS = {
    # permission: who has it
    "initiatives.view_initiative": {"national", "coordinator", "editor", "facilitator", "viewer"},
    "initiatives.change_initiative": {"national", "coordinator", "editor"},
    "initiatives.change_runsheet": {"national", "coordinator", "editor", "facilitator"},
    "initiatives.manage_partners": {"national", "coordinator"},
    "initiatives.view_personal_data": {"national", "coordinator", "editor", "facilitator"},
}
PEOPLE = ["national", "coordinator", "other_coordinator", "editor", "facilitator", "viewer", "stranger"]


@pytest.mark.parametrize("permission", PERMISSIONS)
@pytest.mark.parametrize("person", PEOPLE)
def test_permission_matrix(request, initiative, permission, person):
    user = request.getfixturevalue(person)
    assert user.has_perm(permission, initiative) is (person in PERMISSIONS[permission])


def test_anonymous_has_no_initiative_permission(initiative):
    from django.contrib.auth.models import AnonymousUser

    for permission in PERMISSIONS:
        assert not AnonymousUser().has_perm(permission, initiative)


def test_inactive_coordinator_loses_access(coordinator, initiative):
    coordinator.is_active = False
    coordinator.save(update_fields=["is_active"])
    assert not coordinator.has_perm("initiatives.view_initiative", initiative)


def test_only_police_staff_and_national_team_create_initiatives(coordinator, national, editor, stranger):
    assert coordinator.has_perm("initiatives.add_initiative")
    assert national.has_perm("initiatives.add_initiative")
    assert not editor.has_perm("initiatives.add_initiative")
    assert not stranger.has_perm("initiatives.add_initiative")
