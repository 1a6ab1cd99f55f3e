from dialogues import selectors
from dialogues.models import RegistrationStatus
from innbyggerstemmen.accounts.models import Organisation
from tests.dialogues.factories import MeetingFactory, RegistrationFactory
from tests.factories import InvitationFactory


def test_meeting_list_counts_confirmed_and_waiting(initiative, other_initiative):
    meeting = MeetingFactory(initiative=initiative)
    RegistrationFactory.create_batch(2, meeting=meeting)
    RegistrationFactory(meeting=meeting, status=RegistrationStatus.WAITLISTED)
    RegistrationFactory(meeting=meeting, status=RegistrationStatus.CANCELLED)
    MeetingFactory(initiative=other_initiative)
    [row] = selectors.meeting_list(initiative=initiative)
    assert (row.confirmed_count, row.waitlisted_count) == (2, 1)


def test_participant_list_shows_confirmed_first_then_waiting_then_cancelled(initiative):
    meeting = MeetingFactory(initiative=initiative)
    cancelled = RegistrationFactory(meeting=meeting, status=RegistrationStatus.CANCELLED)
    waiting = RegistrationFactory(meeting=meeting, status=RegistrationStatus.WAITLISTED)
    confirmed = RegistrationFactory(meeting=meeting)
    assert list(selectors.participant_list(meeting=meeting)) == [confirmed, waiting, cancelled]


def test_inviting_organisations_are_the_owner_and_the_partners_organisations(initiative):
    from django.utils import timezone

    meeting = MeetingFactory(initiative=initiative)
    InvitationFactory(initiative=initiative, organisation_name="Tønsberg kommune", accepted_at=timezone.now())
    InvitationFactory(initiative=initiative, organisation_name="Natteravnene")  # not accepted yet
    owner = Organisation.objects.get(pk=initiative.owner_organisation_id).name
    assert selectors.inviting_organisations(meeting=meeting) == [owner, "Tønsberg kommune"]
