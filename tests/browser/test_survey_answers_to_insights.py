"""Many answers at once in the browser: 50 free-text answers found by a word become themed insights in one step."""
from dialogues.surveys.models import QuestionKind
from insights.models import Insight
from tests.browser.conftest import assert_accessible, log_in
from tests.surveys.factories import QuestionFactory, SurveyFactory, make_responses


def test_fifty_answers_with_a_word_become_insights_with_a_theme(page, live_server, coordinator, initiative):
    survey = SurveyFactory(initiative=initiative, title="Evaluering av sommeren")
    idea = QuestionFactory(survey=survey, kind=QuestionKind.LONG_TEXT, text="Hva bør vi gjøre neste sommer?", choices=[])
    texts = [f"Mer lys på stien, sted {n}" for n in range(50)] + [f"Flere voksne ute, kveld {n}" for n in range(20)]
    make_responses(survey, [("adults", {idea: text}) for text in texts])
    log_in(page, live_server, coordinator.email)
    page.goto(f"{live_server.url}/initiativer/{initiative.pk}/undersokelser/{survey.pk}/resultater/")
    page.get_by_label("Fritekstsvar med ordet").fill("lys")
    page.get_by_role("button", name="Filtrer").click()
    page.get_by_text("Fritekstsvarene er de som inneholder «lys».").wait_for()
    page.get_by_label("Velg alle svarene som vises (50)").check()
    assert page.locator("input[name=answer]:checked").count() == 50
    page.get_by_label("Tema for de valgte svarene (valgfritt)").fill("Belysning")
    page.get_by_role("button", name="Gjør de valgte svarene om til innsikter").click()
    page.get_by_text("50 svar ble lagret som innsikter.").wait_for()
    assert_accessible(page)
    made = Insight.objects.filter(initiative=initiative)
    assert made.count() == 50 and not made.filter(text__startswith="Flere voksne").exists()
    assert set(made.values_list("themes__name", flat=True)) == {"Belysning"}
    assert all(survey.title in source for source in made.values_list("source_description", flat=True))
