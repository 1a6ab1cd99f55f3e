"""Publishing a finished initiative as a story."""
import pytest
from django.core.exceptions import ValidationError

from reports import story_selectors, story_services
from reports.models import Story
from tests.reports.summary_factories import fill_initiative, finish

pytestmark = pytest.mark.django_db


def publish(initiative, user, **fields):
    values = {"summary": "Vi holdt nærmiljøprat.", "lessons": "Start tidlig.", "method": "Nærmiljøprat"}
    values.update(fields)
    return story_services.story_publish(initiative=initiative, user=user, **values)


def test_a_finished_initiative_is_published_as_a_story(initiative, coordinator):
    story = publish(finish(initiative), coordinator)
    assert story.initiative == initiative and story.published_by == coordinator
    assert story.published_at is not None and story.summary == "Vi holdt nærmiljøprat."


def test_an_initiative_that_is_not_finished_cannot_be_published(initiative, coordinator):
    with pytest.raises(ValidationError, match="Bare et avsluttet initiativ"):
        publish(initiative, coordinator)
    assert not Story.objects.exists()


def test_empty_text_is_refused(initiative, coordinator):
    with pytest.raises(ValidationError):
        publish(finish(initiative), coordinator, lessons="   ")
    assert not Story.objects.exists()


def test_publishing_again_updates_the_story_and_keeps_its_date(initiative, coordinator, national):
    first = publish(finish(initiative), coordinator)
    second = publish(initiative, national, summary="Ny tekst")
    assert second.pk == first.pk and second.published_at == first.published_at
    assert Story.objects.get().summary == "Ny tekst"


def test_withdrawing_removes_the_story(initiative, coordinator):
    story = publish(finish(initiative), coordinator)
    story_services.story_withdraw(story=story)
    assert not Story.objects.exists()


def test_the_counts_say_what_the_initiative_reached(initiative):
    fill_initiative(initiative)
    counts = story_selectors.story_counts(initiative=initiative)
    assert counts == {"meetings": 2, "registered": 15, "participants": 14, "insights": 5, "actions": 2, "actions_done": 1}
