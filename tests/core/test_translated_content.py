"""Texts written in one language with versions in others: the seeded method cards and indicator questions in three
languages, and what a coordinator writes for the public in bokmål and nynorsk, with a note where it falls back."""
import re

from django.test import Client
from django.urls import reverse

from dialogues.models import Meeting, MethodCard
from dialogues.surveys import services as survey_services
from dialogues.surveys.models import IndicatorQuestion
from tests.dialogues.factories import MeetingFactory
from tests.dialogues.test_views import meeting_post
from tests.surveys.factories import SurveyFactory


def _in(language: str) -> Client:
    client = Client()
    client.cookies["django_language"] = language
    return client


def _text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def test_the_method_library_is_in_the_readers_language_and_a_copied_run_sheet_too(client_for, coordinator, initiative):
    client = client_for(coordinator)
    for language, workshop, talk_step in (("nb", "Verksted", "Velkommen"), ("nn", "Verkstad", "Velkomen"),
                                          ("en", "Workshop", "Welcome")):
        client.post(reverse("set_language"), {"language": language, "next": "/"})
        page = _text(client.get(reverse("dialogues:method_list")))
        assert workshop in page, language
        detail = _text(client.get(reverse("dialogues:method_detail", args=["naermiljoprat"])))
        assert talk_step in detail, language
    client.post(reverse("set_language"), {"language": "nn", "next": "/"})
    client.post(reverse("dialogues:method_copy", args=["naermiljoprat"]), {"initiative": initiative.pk})
    assert list(initiative.activities.values_list("title", flat=True))[:2] == [
        "Velkomen", "Gruppearbeid: Kva er ein god sommar?"
    ]
    durations = [a["duration_minutes"] for a in MethodCard.objects.get(slug="naermiljoprat").run_sheet_template]
    assert list(initiative.activities.values_list("duration_minutes", flat=True)) == durations


def test_an_indicator_question_is_asked_in_the_respondents_language(initiative):
    survey = SurveyFactory(initiative=initiative)
    survey_services.indicators_add(survey=survey, indicators=IndicatorQuestion.objects.all())
    for language, statement in (("nb", "Politiet lytter til hva folk her trenger"),
                                ("nn", "Politiet lyttar til kva folk her treng"),
                                ("en", "The police listen to what people here need")):
        assert statement in _text(_in(language).get(survey.get_public_url())), language


def test_a_meeting_written_in_both_standards_is_read_in_each_and_otherwise_says_what_it_is_written_in(
    client_for, coordinator, initiative
):
    client = client_for(coordinator)
    client.post(
        reverse("dialogues:meeting_create", args=[initiative.pk]),
        meeting_post(content_language="nb", title_other="Nærmiljøprat på Eik",
                     description_other="Vi snakkar om ein god sommar."),
    )
    meeting = Meeting.objects.get(title="Nærmiljøprat i Eik")
    assert meeting.translations == {"nn": {"title": "Nærmiljøprat på Eik", "description": "Vi snakkar om ein god sommar."}}
    nynorsk = _in("nn").get(meeting.get_public_url()).content.decode()
    assert "Vi snakkar om ein god sommar." in nynorsk and "berre skriven på" not in nynorsk
    english = _in("en").get(meeting.get_public_url()).content.decode()
    assert "This text is only written in bokmål." in english
    assert '<p lang="nb">Vi snakker om en god sommer.</p>' in english
    # Editing keeps the nynorsk version in the form and lets the coordinator change it.
    form = client.get(reverse("dialogues:meeting_edit", args=[initiative.pk, meeting.pk])).content.decode()
    assert "Vi snakkar om ein god sommar." in form


def test_a_meeting_written_in_nynorsk_is_shown_to_a_bokmal_reader_with_a_note(initiative):
    meeting = MeetingFactory(initiative=initiative, title="Sommarprat", description="Vi snakkar om sommaren.",
                             content_language="nn")
    page = _in("nb").get(meeting.get_public_url()).content.decode()
    assert "Denne teksten er bare skrevet på nynorsk." in page and 'lang="nn"' in page
    assert "berre skriven" not in _in("nn").get(meeting.get_public_url()).content.decode()


def test_the_login_and_password_pages_from_allauth_are_in_nynorsk_too(db):
    client = _in("nn")
    refused = _text(client.post(reverse("account_login"), {"login": "x@example.no", "password": "feil-passord-123"}))
    assert "E-postadressa og/eller passordet du oppgav, er feil." in refused and "Hugs meg" in refused, refused
    reset = _text(client.get(reverse("account_reset_password")))
    assert "Gløymt passordet ditt?" in reset and "Glemt" not in reset
