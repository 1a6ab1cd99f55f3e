"""A survey in the browser: a coordinator builds it, a resident answers on a phone, the results read at a glance."""
import re

import pytest
from django.core.cache import cache

from dialogues.surveys.models import Answer, QuestionKind, Response
from tests.browser.conftest import assert_accessible, log_in
from tests.surveys.factories import QuestionFactory, SurveyFactory, make_responses


@pytest.fixture(autouse=True)
def _fast_forms(settings):
    settings.SURVEYS_MIN_FILL_SECONDS = 0  # Playwright fills a form faster than any person
    cache.clear()


@pytest.fixture
def survey(initiative):
    survey = SurveyFactory(initiative=initiative, title="Evaluering av sommeren")
    QuestionFactory(survey=survey, position=0, kind=QuestionKind.AGE_GROUP, text="Hvor gammel er du?",
                    choices=[], required=True)
    heard = QuestionFactory(survey=survey, position=1, kind=QuestionKind.SINGLE, text="Hørte du om tiltakene?",
                            choices=["Ja", "Nei"], required=True)
    QuestionFactory(survey=survey, position=2, kind=QuestionKind.MULTIPLE, text="Hvilke tiltak la du merke til?",
                    choices=["Natteravner", "Politi til fots"], show_if_question=heard, show_if_values=["Ja"])
    QuestionFactory(survey=survey, position=3, kind=QuestionKind.LIKERT, text="Jeg følte meg trygg", choices=[])
    QuestionFactory(survey=survey, position=4, kind=QuestionKind.LONG_TEXT, text="Hva bør vi gjøre?", choices=[])
    return survey


def test_answering_on_a_phone(phone_page, live_server, survey):
    page = phone_page
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/u/{survey.slug}/")
    page.get_by_role("heading", name="Evaluering av sommeren").wait_for()
    # The conditional question is hidden until "Ja" is chosen.
    which = page.get_by_role("group", name="Hvilke tiltak la du merke til?")
    assert not which.is_visible()
    assert_accessible(page)
    # Sent without the required age group: a clear message, and what was typed stays.
    page.get_by_role("group", name="Hørte du om tiltakene?").get_by_label("Ja").check()
    assert which.is_visible()
    which.get_by_label("Natteravner").check()
    page.get_by_label("Hva bør vi gjøre?").fill("Mer lys i parken")
    page.get_by_role("button", name="Send svar").click()
    page.get_by_role("heading", name="Rett opp følgende:").wait_for()
    assert page.get_by_role("alert").filter(has_text="Svar på dette spørsmålet.").is_visible()
    assert page.get_by_label("Hva bør vi gjøre?").input_value() == "Mer lys i parken"
    assert page.get_by_label("Natteravner").is_checked()
    assert_accessible(page)
    page.get_by_label("26–66 år").check()
    page.get_by_label("4 – Litt enig").check()
    page.get_by_role("button", name="Send svar").click()
    page.get_by_role("heading", name="Takk for svarene dine!").wait_for()
    response = Response.objects.get()
    assert response.completed and response.respondent_group == "adults"
    assert set(Answer.objects.values_list("choice", flat=True)) >= {"26-66", "Ja", "Natteravner"}


def test_results_page_is_accessible(page, live_server, coordinator, survey):
    questions = {q.text: q for q in survey.questions.all()}
    make_responses(survey, [
        ("youth", {questions["Hvor gammel er du?"]: "13-15", questions["Hørte du om tiltakene?"]: "Ja",
                   questions["Jeg følte meg trygg"]: 4, questions["Hva bør vi gjøre?"]: "Flere voksne ute"}),
        ("adults", {questions["Hvor gammel er du?"]: "26-66", questions["Hørte du om tiltakene?"]: "Nei",
                    questions["Jeg følte meg trygg"]: 2}),
    ])
    log_in(page, live_server, coordinator.email)
    page.goto(f"{live_server.url}/initiativer/{survey.initiative_id}/undersokelser/")
    page.get_by_role("link", name="Evaluering av sommeren").click()
    page.get_by_role("link", name="Resultater").first.click()
    page.get_by_test_id("response-count").wait_for()
    assert "2 svar" in page.get_by_test_id("response-count").inner_text()
    assert page.get_by_role("img", name="Hørte du om tiltakene?").first.is_visible()
    assert_accessible(page)
    page.get_by_label("Vis svar fra").select_option(label="Ungdom 13–18")
    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_url("**gruppe=youth*")
    assert "1 svar" in page.get_by_test_id("response-count").inner_text()
    page.get_by_role("button", name="Gjør om til innsikt").click()
    page.get_by_text("Svaret er lagret som innsikt.").wait_for()


def test_the_longest_bars_number_is_shown_whole(page, live_server, coordinator, survey):
    # 455 of 2,067 said "Ja": "455 (22 %)" after the longest bar was cut at the chart's edge.
    question = survey.questions.get(text="Hørte du om tiltakene?")
    make_responses(survey, [("adults", {question: "Ja"})] * 455 + [("adults", {question: "Nei"})] * 1612)
    log_in(page, live_server, coordinator.email)
    page.goto(f"{live_server.url}/initiativer/{survey.initiative_id}/undersokelser/{survey.pk}/resultater/")
    chart = page.get_by_role("img", name="Hørte du om tiltakene?").first
    overflow = chart.evaluate(
        """svg => {
            const edge = svg.viewBox.baseVal.width;
            return [...svg.querySelectorAll('text')].filter(t => {
                const box = t.getBBox(); return box.x < 0 || box.x + box.width > edge;
            }).map(t => t.textContent);
        }"""
    )
    assert overflow == []
    assert "1612 (78 %)" in chart.inner_html()


def test_coordinator_builds_a_survey_in_the_browser(page, live_server, coordinator, initiative):
    log_in(page, live_server, coordinator.email)
    page.goto(f"{live_server.url}/initiativer/{initiative.pk}/")
    page.get_by_role("link", name="Undersøkelser").click()
    page.get_by_role("link", name="Ny undersøkelse").click()
    page.get_by_label("Tittel (må fylles ut)").fill("Sommeren 2021")
    page.get_by_label("Åpner").fill("2021-08-23T08:00")
    page.get_by_label("Stenger").fill("2030-09-13T23:59")
    page.get_by_role("button", name="Opprett undersøkelse").click()
    page.get_by_role("heading", name="Spørsmål", exact=True).wait_for()
    for text in ("Første", "Andre"):
        page.get_by_label("Type spørsmål").select_option(label="Kort tekst")
        page.locator("#id_text").fill(text)
        page.get_by_role("button", name="Legg til spørsmål").click()
        page.get_by_text("Spørsmålet er lagt til.").wait_for()
    assert_accessible(page)
    # Reorder with htmx: the list is swapped in place.
    page.get_by_role("button", name=re.compile("Flytt ned.*Første")).click()
    page.get_by_role("button", name=re.compile("Flytt ned.*Andre")).wait_for()
    items = page.locator(".question-item strong").all_inner_texts()
    assert items == ["Andre", "Første"]
    page.get_by_role("link", name="Utsending").click()
    assert page.get_by_role("img", name="QR-kode som leder til undersøkelsen Sommeren 2021").is_visible()
    assert_accessible(page)
