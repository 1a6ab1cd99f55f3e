"""The weekly summary for staff: what is due, to whom, once a week, nothing when there is nothing to say."""
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from innbyggerstemmen.core.models import OutgoingEmail
from insights.models import FollowUpAction, Handoff
from reports.digest import digest_send
from tests.dialogues.factories import MeetingFactory
from tests.factories import CoordinatorFactory, InitiativeFactory
from tests.insights.factories import FeedbackPageFactory, FollowUpActionFactory, InsightFactory
from tests.surveys.factories import SurveyFactory

LONG_AGO = timedelta(days=40)


def quiet_action(initiative, **fields):
    action = FollowUpActionFactory(initiative=initiative, **fields)
    FollowUpAction.objects.filter(pk=action.pk).update(updated_at=timezone.now() - LONG_AGO)
    return action


def digests():
    return {email.to: email for email in OutgoingEmail.objects.filter(dedupe_key__startswith="digest:")}


@pytest.fixture
def due(initiative, viewer, coordinator):
    """One of each thing that needs a nudge in the coordinator's initiative; the quiet action is the partner's."""
    quiet_action(initiative, title="Natteravner i parken", owner_user=viewer)
    quiet_action(initiative, title="Ferdig tiltak", status="completed")
    FollowUpActionFactory(initiative=initiative, title="Nettopp oppdatert")
    handoff = Handoff.objects.create(
        insight=InsightFactory(initiative=initiative, is_surplus=True), to_email="post@vkt.example.no", sent_by=coordinator
    )
    Handoff.objects.filter(pk=handoff.pk).update(sent_at=timezone.now() - timedelta(days=8))
    ended = timezone.now() - timedelta(days=20)
    MeetingFactory(initiative=initiative, title="Nærmiljøprat i mai", starts_at=ended - timedelta(hours=2), ends_at=ended)
    SurveyFactory(initiative=initiative, title="Sommerundersøkelsen", closes_at=timezone.now() + timedelta(days=3))


def test_each_gets_what_is_theirs_and_nobody_else_gets_anything(due, coordinator, viewer, editor, stranger):
    assert digest_send() == 2
    sent = digests()
    assert set(sent) == {coordinator.email, viewer.email}
    body = sent[coordinator.email].body
    for expected in ("Natteravner i parken", "post@vkt.example.no", "Nærmiljøprat i mai", "Sommerundersøkelsen"):
        assert expected in body
    assert "Ferdig tiltak" not in body and "Nettopp oppdatert" not in body
    partner = sent[viewer.email].body
    assert "Natteravner i parken" in partner and "Sommerundersøkelsen" not in partner
    assert reverse("profile") in body


def test_once_a_week_under_retries_and_again_next_week(due, coordinator):
    assert digest_send() == 2
    assert digest_send() == 0
    assert digest_send(now=timezone.now() + timedelta(days=7)) == 2
    assert OutgoingEmail.objects.filter(to=coordinator.email, dedupe_key__startswith="digest:").count() == 2


def test_a_published_feedback_page_and_turning_it_off_silence_it(due, initiative, coordinator, viewer, client_for):
    FeedbackPageFactory(initiative=initiative, published_at=timezone.now())
    client = client_for(viewer)
    assert client.get(reverse("profile")).status_code == 200
    client.post(reverse("profile"), {"full_name": "Kari", "wants_digest": ""})
    viewer.refresh_from_db()
    assert not viewer.wants_digest
    digest_send()
    assert set(digests()) == {coordinator.email}
    assert "Nærmiljøprat i mai" not in digests()[coordinator.email].body


def test_nothing_due_sends_nothing(initiative):
    FollowUpActionFactory(initiative=initiative)
    assert digest_send() == 0 and not OutgoingEmail.objects.exists()


def test_its_queries_do_not_grow_with_recipients_or_actions(organisation, monkeypatch):
    # Counted: finding what is due and queueing the e-mails; sending them is the e-mail task's own work.
    monkeypatch.setattr("innbyggerstemmen.core.services.enqueue_on_commit", lambda *args, **kwargs: None)
    def add_coordinator_with_due_actions(number):
        coordinator = CoordinatorFactory(organisation=organisation, email=f"k{number}@politiet.no")
        initiative = InitiativeFactory(owner_organisation=organisation, created_by=coordinator)
        for _ in range(3):
            quiet_action(initiative)

    add_coordinator_with_due_actions(0)
    with CaptureQueriesContext(connection) as few:
        digest_send(now=timezone.now())
    OutgoingEmail.objects.all().delete()
    for number in range(1, 8):
        add_coordinator_with_due_actions(number)
    with CaptureQueriesContext(connection) as many:
        assert digest_send(now=timezone.now()) == 8
    assert len(many) == len(few)
