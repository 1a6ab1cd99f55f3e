import io
import re

import pytest
from openpyxl import load_workbook

from dialogues.surveys import exports, selectors
from dialogues.surveys.models import QuestionKind
from tests.surveys.factories import IndicatorFactory, QuestionFactory, SurveyFactory, make_responses

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(survey, questions):
    """Five responses, counted by hand below."""
    q = questions
    make_responses(survey, [
        ("youth", {q["age"]: "13-15", q["heard"]: "Ja", q["which"]: ["Natteravner", "Åpen hall"], q["safe"]: 5}),
        ("youth", {q["age"]: "16-18", q["heard"]: "Nei", q["safe"]: 3, q["idea"]: "Åpen hall om kvelden"}),
        ("adults", {q["age"]: "26-66", q["heard"]: "Ja", q["which"]: ["Natteravner"], q["safe"]: 4}),
        ("adults", {q["age"]: "67+", q["heard"]: "Ja", q["which"]: ["Politi til fots"], q["safe"]: 2,
                    q["idea"]: "=HYPERLINK(\"x\")"}),
        ("adults", {q["age"]: "26-66", q["heard"]: "Nei"}),
    ])
    return q


def _item(results, question):
    return next(i for i in results["questions"] if i["question"].pk == question.pk)


def test_results_match_hand_counts(survey, answered):
    q = answered
    results = selectors.survey_results(survey=survey)
    assert results["response_count"] == 5
    heard = _item(results, q["heard"])
    assert [(r["label"], r["count"], r["percent"]) for r in heard["rows"]] == [("Ja", 3, 60), ("Nei", 2, 40)]
    which = _item(results, q["which"])
    assert which["answered"] == 3
    assert [(r["label"], r["count"]) for r in which["rows"]] == [
        ("Natteravner", 2), ("Politi til fots", 1), ("Åpen hall", 1)]
    safe = _item(results, q["safe"])
    assert safe["answered"] == 4
    assert safe["mean"] == pytest.approx((5 + 3 + 4 + 2) / 4)
    assert [r["count"] for r in safe["rows"]] == [0, 1, 1, 1, 1]
    crosstab = selectors.survey_crosstab(survey=survey, results=results)
    # Groups side by side (adults, youth by their stored order), then everyone.
    assert [c["label"] for c in crosstab[q["safe"].pk]["columns"]] == ["Voksne", "Ungdom 13–18"]
    assert crosstab[q["safe"].pk]["means"] == [pytest.approx(3.0), pytest.approx(4.0), pytest.approx(3.5)]
    heard_table = crosstab[q["heard"].pk]
    assert [(row["label"], [(c["count"], c["percent"]) for c in row["cells"]]) for row in heard_table["rows"]] == [
        ("Ja", [(2, 67), (1, 50), (3, 60)]),
        ("Nei", [(1, 33), (1, 50), (2, 40)]),
    ]
    assert q["idea"].pk not in crosstab  # free text is not tabulated
    idea = _item(results, q["idea"])
    assert sorted(a["text"] for a in idea["texts"]) == ["=HYPERLINK(\"x\")", "Åpen hall om kvelden"]
    age = _item(results, q["age"])
    assert [r["count"] for r in age["rows"]] == [1, 1, 0, 2, 1]


def test_results_count_a_new_response_at_once(survey, answered):
    """The counts are cached; a response submitted afterwards must still show on the next look."""
    from dialogues.surveys.services import response_submit_public

    before = selectors.survey_results(survey=survey)
    assert before["response_count"] == 5
    response_submit_public(survey=survey, values={answered["heard"]: "Nei", answered["idea"]: "Mer lys i parken"})
    after = selectors.survey_results(survey=survey)
    assert after["response_count"] == 6
    assert [r["count"] for r in _item(after, answered["heard"])["rows"]] == [3, 3]
    assert "Mer lys i parken" in [a["text"] for a in _item(after, answered["idea"])["texts"]]
    assert sum(row["count"] for row in selectors.group_counts(survey=survey)) == 6
    assert sum(row["count"] for row in selectors.responses_per_day(survey=survey)) == 6


def test_results_filtered_by_group(survey, answered):
    results = selectors.survey_results(survey=survey, group="youth")
    assert results["response_count"] == 2
    heard = _item(results, answered["heard"])
    assert [r["count"] for r in heard["rows"]] == [1, 1]
    groups = {row["value"]: (row["count"], row["percent"]) for row in selectors.group_counts(survey=survey)}
    assert groups == {"youth": (2, 40), "adults": (3, 60)}
    assert [row["count"] for row in selectors.responses_per_day(survey=survey)] == [5]


def test_csv_export_reads_back(survey, answered):
    import csv

    text = exports.answers_csv(survey=survey).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:3] == ["Svar", "Sendt inn", "Gruppe"]  # headers a reader understands, not codes
    assert rows[0][3:] == [q.text for q in survey.questions.all()]
    assert len(rows) == 6
    first = rows[1]
    assert first[3:8] == ["13–15 år", "Ja", "Natteravner; Åpen hall", "5", ""]  # labels, not codes
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", first[1])  # an anonymous answer keeps only its day
    # A typed formula is written as text.
    assert rows[4][7] == "'=HYPERLINK(\"x\")"


def test_xlsx_export_opens_in_a_spreadsheet_reader(survey, answered):
    workbook = load_workbook(io.BytesIO(exports.answers_xlsx(survey=survey)))
    sheet = workbook.active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 6
    assert rows[0][3] == "Hvor gammel er du?"
    assert rows[0][:3] == ("Svar", "Sendt inn", "Gruppe")
    assert rows[1][3:7] == ("13–15 år", "Ja", "Natteravner; Åpen hall", 5)
    # The day of an anonymous answer is a date cell, not a time of 12:00.
    submitted = sheet.cell(row=2, column=2)
    assert submitted.is_date and (submitted.value.hour, submitted.value.minute) == (0, 0)
    assert "h" not in submitted.number_format
    assert sorted(r[6] for r in rows[1:] if r[6] is not None) == [2, 3, 4, 5]
    # A typed formula is a text cell: shown exactly as typed, never run.
    formula = sheet.cell(row=5, column=8)
    assert (formula.value, formula.data_type) == ('=HYPERLINK("x")', "s")


def test_export_names_the_recipient_only_when_not_anonymous(initiative):
    from dialogues.surveys import services
    from tests.surveys.factories import RecipientFactory

    survey = SurveyFactory(initiative=initiative, anonymous=False)
    question = QuestionFactory(survey=survey, kind=QuestionKind.SHORT_TEXT, choices=[])
    recipient = RecipientFactory(survey=survey, email="kari@example.no")
    services.response_save_personal(recipient=recipient, values={question: "Hei"}, complete=True)
    text = exports.answers_csv(survey=survey).decode("utf-8-sig")
    assert "kari@example.no" in text and "E-postadresse" in text.splitlines()[0]


def test_indicator_trends_across_surveys(initiative, other_initiative):
    indicator = IndicatorFactory(text="Politiet lytter")
    for init, values in ((initiative, [4, 5]), (other_initiative, [2, 3, 4])):
        survey = SurveyFactory(initiative=init)
        question = QuestionFactory(survey=survey, kind=QuestionKind.LIKERT, text=indicator.text, choices=[],
                                   indicator=indicator)
        make_responses(survey, [("adults", {question: v}) for v in values])
    trend = next(t for t in selectors.indicator_trends() if t["indicator"] == indicator)
    assert sorted((p["mean"], p["count"]) for p in trend["points"]) == [(3.0, 3), (4.5, 2)]


def test_the_indicator_trends_page_filters_by_national_theme(client_for, national, initiative, other_initiative):
    from django.urls import reverse

    from insights.models import NationalTheme, Theme

    indicator = IndicatorFactory(text="Politiet lytter")
    for init, values in ((initiative, [4, 5]), (other_initiative, [2, 3, 4])):
        survey = SurveyFactory(initiative=init, title=f"Undersøkelse i {init.title}")
        question = QuestionFactory(survey=survey, kind=QuestionKind.LIKERT, text=indicator.text, choices=[],
                                   indicator=indicator)
        make_responses(survey, [("adults", {question: v}) for v in values])
    youth = NationalTheme.objects.create(name="Ungdom og fritid")
    Theme.objects.create(initiative=initiative, name="Sommerjobb og fritid", national_theme=youth)
    url = reverse("surveys:indicator_trends")
    client = client_for(national)
    everything = client.get(url).content.decode()
    assert f"Undersøkelse i {other_initiative.title}" in everything and "Alle nasjonale tema" in everything
    page = client.get(url, {"national_theme": youth.pk}).content.decode()
    assert f"Undersøkelse i {initiative.title}" in page and f"Undersøkelse i {other_initiative.title}" not in page
    page = client.get(url, {"national_theme": "tull"}).content.decode()
    assert "Velg et gyldig valg" in page and f"Undersøkelse i {other_initiative.title}" in page


def test_the_results_page_sets_groups_side_by_side_and_the_download_follows_the_filter(
    client_for, coordinator, survey, answered
):
    import csv
    import io
    import re

    from django.urls import reverse

    client = client_for(coordinator)
    url = reverse("surveys:results", args=[survey.initiative_id, survey.pk])
    page = " ".join(re.sub(r"<[^>]+>", " ", client.get(url).content.decode()).split())
    assert "Svar etter respondentgruppe, side om side Svar Voksne (3) Ungdom 13–18 (2) Alle (5) Ja 2 (67 %) 1 (50 %) 3 (60 %)" in page
    # Means with the language's decimal comma, per group and for everyone, under the question's own line.
    assert "4 har svart · Gjennomsnitt 3,5" in page and "Gjennomsnitt 3,0 4,0 3,5" in page

    filtered = client.get(url, {"gruppe": "youth"}).content.decode()
    export = reverse("surveys:export_csv", args=[survey.initiative_id, survey.pk])
    assert f'href="{export}?gruppe=youth"' in filtered and "side om side" not in filtered
    response = client.get(export, {"gruppe": "youth"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 1 + 2 and {row[2] for row in rows[1:]} == {"Ungdom 13–18"}
    assert "ungdom" in response["Content-Disposition"] or "youth" in response["Content-Disposition"]
    everyone = list(csv.reader(io.StringIO(client.get(export).content.decode("utf-8-sig")), delimiter=";"))
    assert len(everyone) == 1 + 5
