"""With the broker away, what a user asked for is saved and the request succeeds; once the broker is
back, each app's sweeper queues the lost work from its row and it is done, once."""
from datetime import timedelta
from unittest import mock

import pytest
from celery.app.task import Task
from django.utils import timezone
from kombu.exceptions import OperationalError

from dialogues.models import Registration
from dialogues.surveys import services as survey_services
from dialogues.surveys.models import Recipient
from innbyggerstemmen.core import stored_pdfs
from innbyggerstemmen.core.models import OutgoingEmail, StoredPdf
from insights import import_services
from insights import services as insight_services
from insights.models import ImportStatus, Insight
from reports.summary_services import DOCUMENT
from tests.dialogues.factories import MeetingFactory
from tests.insights.test_import_services import map_padlet, start
from tests.surveys.factories import SurveyFactory

pytestmark = pytest.mark.django_db

LATER = timedelta(minutes=10)


@pytest.fixture
def broker():
    """Switch the broker off (every task's apply_async raises as kombu does) and on again."""

    def refused(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    # Its own patcher: undoing pytest's monkeypatch would also undo the suite's on_commit hook.
    outage = mock.patch.object(Task, "apply_async", refused)

    class Broker:
        down = outage.start

        def up(self):
            outage.stop()

    yield Broker()
    mock.patch.stopall()


def test_a_requested_pdf_is_made_by_the_sweeper_after_the_outage(initiative, coordinator, broker):
    broker.down()
    row = stored_pdfs.stored_pdf_request(document=DOCUMENT, subject_id=initiative.pk, user=coordinator, language="nb")
    assert row.status == StoredPdf.Status.PENDING
    broker.up()
    assert stored_pdfs.stored_pdfs_requeue_stalled() == 0  # still waiting for its task: not queued twice
    assert stored_pdfs.stored_pdfs_requeue_stalled(now=timezone.now() + LATER) == 1
    row.refresh_from_db()
    assert row.status == StoredPdf.Status.READY


def test_invitations_are_sent_by_the_sweeper_after_the_outage(initiative, broker):
    survey = SurveyFactory(initiative=initiative)
    broker.down()
    assert survey_services.recipients_add(survey=survey, emails=["a@example.no", "b@example.no"]).added == 2
    assert not OutgoingEmail.objects.exists()
    broker.up()
    assert survey_services.invitations_requeue_stalled() == 0
    assert survey_services.invitations_requeue_stalled(now=timezone.now() + LATER) == 1
    assert sorted(OutgoingEmail.objects.filter(sent_at__isnull=False).values_list("to", flat=True)) == [
        "a@example.no", "b@example.no"
    ]
    assert not Recipient.objects.filter(invited_at__isnull=True).exists()
    assert survey_services.invitations_requeue_stalled(now=timezone.now() + LATER) == 0


def test_a_confirmed_import_runs_after_the_outage(initiative, coordinator, broker):
    idea_import, _already = start(initiative, coordinator)
    map_padlet(idea_import)
    broker.down()
    import_services.idea_wall_import_confirm(idea_import=idea_import, include_flagged=False)
    idea_import.refresh_from_db()
    assert idea_import.status == ImportStatus.QUEUED and not Insight.objects.exists()
    broker.up()
    assert import_services.idea_wall_imports_requeue_stalled(now=timezone.now() + LATER) == 1
    idea_import.refresh_from_db()
    assert idea_import.status == ImportStatus.DONE and Insight.objects.count() == 3
    assert import_services.idea_wall_imports_requeue_stalled(now=timezone.now() + LATER) == 0


def test_participants_hear_of_a_publication_once_after_the_outage(initiative, broker):
    meeting = MeetingFactory(initiative=initiative)
    Registration.objects.create(
        meeting=meeting, name_or_nickname="Ja", email="ja@example.no", may_contact_again=True, age_group="26-66",
        consent_given_at=timezone.now(), consent_text_version="1",
    )
    page = insight_services.feedback_page_get_or_create(initiative=initiative)
    broker.down()
    insight_services.feedback_page_publish(page=page)
    assert not OutgoingEmail.objects.exists()
    broker.up()
    assert insight_services.feedback_notifications_requeue_stalled(now=timezone.now() + LATER) == 1
    assert list(OutgoingEmail.objects.values_list("to", flat=True)) == ["ja@example.no"]
    assert insight_services.feedback_notifications_requeue_stalled(now=timezone.now() + LATER) == 0
    assert OutgoingEmail.objects.count() == 1
