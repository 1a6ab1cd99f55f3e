"""The benchmark's data generator makes the sizes it promises, consistent data, and the objects it measures."""
import pytest
from django.db.models import Count, F

from bench.generate import SIZES, generate, table_counts, targets
from dialogues.models import Registration
from dialogues.surveys.models import Answer, Response
from initiatives.rules import can_view_initiative
from insights.models import Insight

pytestmark = pytest.mark.django_db

TINY = SIZES["tiny"]


@pytest.fixture
def generated():
    generate(TINY, log=lambda *args: None)
    return targets()


def test_fills_the_tables_to_the_size_asked_for(generated):
    counts = table_counts()
    assert counts["districts"] >= TINY.districts
    assert counts["initiatives"] == TINY.initiatives
    # The open signup meeting comes on top of the size's meetings.
    assert counts["meetings"] == TINY.meetings + 1
    assert counts["registrations"] == TINY.registrations
    assert counts["insights"] == TINY.insights
    assert counts["survey_responses"] == TINY.responses
    assert counts["audit_events"] == TINY.audit_events


def test_the_audit_search_finds_a_generated_person_as_the_load_run_asks(generated):
    """The load run searches for one generated person (bench.run.pages): the generator names them in
    the list the search reads (core.AuditActor), as audit_record would."""
    from innbyggerstemmen.core.audit import audit_list
    from innbyggerstemmen.core.models import AuditEvent

    person = AuditEvent.objects.exclude(actor_label="").values_list("actor_label", flat=True).first()
    found = list(audit_list(query=person))
    assert found and {event.actor_label for event in found} == {person}
    assert len(found) == AuditEvent.objects.filter(actor_label=person).count()


def test_every_response_answers_the_survey_it_belongs_to(generated):
    assert Answer.objects.count() > TINY.responses
    assert not Answer.objects.exclude(question__survey=F("response__survey")).exists()
    assert Response.objects.filter(completed=True).count() == TINY.responses


def test_insight_themes_belong_to_the_insights_initiative(generated):
    assert not Insight.objects.exclude(themes__isnull=True).exclude(themes__initiative=F("initiative")).exists()


def test_large_targets_hold_more_than_small_ones(generated):
    large = Insight.objects.filter(initiative=generated.large_initiative).count()
    small = Insight.objects.filter(initiative=generated.small_initiative).count()
    assert large > small > 0
    # Every page is measured with a non-empty result for the small object too.
    filtered = Insight.objects.filter(
        initiative=generated.small_initiative, kind="idea", source="citizens", themes__id=generated.small_theme_id
    )
    assert filtered.count() == small
    by_meeting = dict(Registration.objects.values_list("meeting").annotate(n=Count("id")))
    assert by_meeting[generated.large_meeting.pk] > by_meeting[generated.small_meeting.pk] > 0
    assert generated.large_survey.responses.count() > generated.small_survey.responses.count() > 0


def test_the_benchmark_coordinator_sees_the_targets_and_the_signup_meeting_is_open(generated):
    assert can_view_initiative(generated.coordinator, generated.large_initiative)
    assert can_view_initiative(generated.coordinator, generated.small_initiative)
    assert generated.national.is_staff
    # The small coordinator's dashboard holds the small initiative only.
    assert can_view_initiative(generated.small_coordinator, generated.small_initiative)
    assert not can_view_initiative(generated.small_coordinator, generated.large_initiative)
    meeting = generated.signup_meeting
    assert meeting.capacity > 10_000 and meeting.signup_deadline is None


def test_new_rows_after_generation_get_fresh_primary_keys(generated):
    from tests.factories import InitiativeFactory

    highest = max(Insight.objects.values_list("pk", flat=True))
    insight = Insight.objects.create(initiative=InitiativeFactory(), text="Etter generering")
    assert insight.pk > highest
