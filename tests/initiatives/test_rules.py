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


@pytest.mark.parametrize("person", PEOPLE)
def test_an_initiative_page_reads_who_someone_is_to_it_with_the_initiative(request, rf, initiative, person):
    """Every page of an initiative loads it: who the user is to it comes in the same query, and each permission
    the page then checks asks the database nothing more. Those who may not see it get 404, as before."""
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection
    from django.http import Http404
    from django.test.utils import CaptureQueriesContext

    from initiatives.access import load_initiative

    user = request.getfixturevalue(person)
    user = type(user).objects.get(pk=user.pk)  # as a request's user: nothing remembered yet
    page = rf.get("/")
    page.user = user
    with CaptureQueriesContext(connection) as queries:
        try:
            loaded = load_initiative(page, initiative.pk)
        except Http404:
            loaded = None
        allowed = {name for name in PERMISSIONS if user.has_perm(name, loaded or initiative)}
    assert (loaded is not None) is (person in PERMISSIONS["initiatives.view_initiative"])
    if loaded is not None:
        assert allowed == {name for name, people in PERMISSIONS.items() if person in people}
        assert len(queries) == 1, [q["sql"] for q in queries]
    page.user = AnonymousUser()
    with pytest.raises(Http404):
        load_initiative(page, initiative.pk)
