"""Owners who act: an action given to a person, told once, updated on "My actions", seen by the coordinator."""
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from innbyggerstemmen.core.models import OutgoingEmail
from insights import services
from insights.models import FollowUpAction, ProgressNote
from tests.factories import InitiativeFactory, PartnershipFactory
from tests.insights.factories import FollowUpActionFactory


def owner_mails():
    return list(OutgoingEmail.objects.filter(dedupe_key__startswith="insights:action-owner:").values_list("to", flat=True))


def test_the_owner_is_told_once_and_a_new_owner_once(initiative, coordinator, viewer, editor):
    action = services.action_create(initiative=initiative, user=coordinator, title="Natteravner i parken", owner_user=viewer)
    services.action_update(action=action, owner_user=viewer, title="Natteravner i parken hver fredag")
    assert owner_mails() == [viewer.email]
    services.action_update(action=action, owner_user=editor)
    services.action_update(action=action, owner_user=viewer)  # given back: already told about this action
    assert sorted(owner_mails()) == sorted([viewer.email, editor.email])
    assert "Mine tiltak" in OutgoingEmail.objects.get(to=editor.email).body


def test_a_police_colleague_may_own_an_action(initiative, coordinator):
    from tests.factories import CoordinatorFactory

    colleague = CoordinatorFactory(organisation=initiative.owner_organisation, email="kollega@politiet.no")
    action = services.action_create(initiative=initiative, title="Foredrag på skolen", owner_user=colleague)
    assert action.owner_user == colleague


def test_giving_an_action_to_someone_through_the_edit_form_tells_them(client_for, initiative, coordinator, viewer):
    action = FollowUpActionFactory(initiative=initiative, title="Åpen hall")
    client_for(coordinator).post(
        reverse("insights:action_edit", args=[initiative.pk, action.pk]),
        {"title": "Åpen hall", "owner": "municipality", "status": "started", "owner_user": viewer.pk},
    )
    assert FollowUpAction.objects.get(pk=action.pk).owner_user == viewer
    assert owner_mails() == [viewer.email]


@pytest.mark.parametrize("who", ["stranger", "other_coordinator"])
def test_someone_not_on_the_initiative_cannot_own_it(request, initiative, client_for, coordinator, who):
    outsider = request.getfixturevalue(who)
    with pytest.raises(ValidationError, match="partner eller en politikollega"):
        services.action_create(initiative=initiative, title="Tiltak", owner_user=outsider)
    response = client_for(coordinator).post(
        reverse("insights:action_create", args=[initiative.pk]),
        {"title": "Tiltak", "owner": "police", "status": "not_started", "owner_user": outsider.pk},
    )
    assert response.status_code == 200 and "partner eller en politikollega" in response.content.decode()
    assert not FollowUpAction.objects.exists() and owner_mails() == []


def test_my_actions_across_initiatives_and_the_update_the_coordinator_sees(client_for, initiative, viewer, coordinator):
    elsewhere = InitiativeFactory(owner_organisation=initiative.owner_organisation)
    PartnershipFactory(initiative=elsewhere, user=viewer, role="viewer")
    first = FollowUpActionFactory(initiative=initiative, title="Åpen hall", owner_user=viewer)
    FollowUpActionFactory(initiative=elsewhere, title="Sommerjobber", owner_user=viewer)
    FollowUpActionFactory(initiative=initiative, title="Ikke mitt tiltak")
    client = client_for(viewer)
    page = client.get(reverse("insights:my_actions")).content.decode()
    assert "Åpen hall" in page and "Sommerjobber" in page and "Ikke mitt tiltak" not in page

    response = client.post(
        reverse("insights:my_action_update", args=[first.pk]),
        {f"action-{first.pk}-status": "completed", f"action-{first.pk}-text": "Hallen var åpen hver fredag i juli."},
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == "completed"
    note = ProgressNote.objects.get(action=first)
    assert (note.author, note.status, note.text) == (viewer, "completed", "Hallen var åpen hver fredag i juli.")
    detail = client_for(coordinator).get(first.get_absolute_url()).content.decode()
    assert "Status satt til Gjennomført." in detail and str(viewer) in detail


def test_an_empty_note_or_someone_elses_action_changes_nothing(client_for, initiative, viewer, editor):
    mine = FollowUpActionFactory(initiative=initiative, owner_user=viewer, status="not_started")
    theirs = FollowUpActionFactory(initiative=initiative, owner_user=editor, status="not_started")
    client = client_for(viewer)
    empty = client.post(
        reverse("insights:my_action_update", args=[mine.pk]),
        {f"action-{mine.pk}-status": "completed", f"action-{mine.pk}-text": "  "},
    )
    assert empty.status_code == 400 and "Skriv hva som skjedde." in empty.content.decode()
    other = client.post(
        reverse("insights:my_action_update", args=[theirs.pk]),
        {f"action-{theirs.pk}-status": "completed", f"action-{theirs.pk}-text": "Ferdig"},
    )
    assert other.status_code == 404
    assert set(FollowUpAction.objects.values_list("status", flat=True)) == {"not_started"}
    assert not ProgressNote.objects.exists()


def test_an_owner_who_left_the_initiative_no_longer_reaches_the_action(client_for, initiative, viewer):
    action = FollowUpActionFactory(initiative=initiative, owner_user=viewer, title="Åpen hall")
    viewer.partnerships.all().delete()
    client = client_for(viewer)
    assert "Åpen hall" not in client.get(reverse("insights:my_actions")).content.decode()
    assert client.post(reverse("insights:my_action_update", args=[action.pk]), {}).status_code == 404
