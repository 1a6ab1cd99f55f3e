"""The initiative summary PDF: what a leader reads in it, in Norwegian, tagged and with a working contents page."""
import io
import re

import pypdf
import pytest

from reports import summary, summary_services
from tests.dialogues.factories import MeetingFactory, RegistrationFactory
from tests.insights.factories import FollowUpActionFactory, InsightFactory, ThemeFactory
from tests.reports.summary_factories import fill_initiative
from tests.surveys.factories import QuestionFactory, SurveyFactory, make_responses

pytestmark = pytest.mark.django_db


def squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def filled(initiative):
    fill_initiative(initiative)
    return initiative


@pytest.fixture
def pdf_bytes(filled):
    return summary_services.summary_pdf_render(initiative=summary_services._load(filled.pk), language="nb")


@pytest.fixture
def pages(pdf_bytes):
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf_bytes)).pages]


def page_with(pages, heading):
    return next(i + 1 for i, text in enumerate(pages) if text.lstrip().startswith(heading) or f"\n{heading}\n" in text)


def test_the_pdf_tells_the_goal_in_norwegian_with_aeoeaa(pages):
    text = "\n".join(pages)
    assert "Færre ungdommer involvert i kriminalitet i sommerferien på Øvre Åsgård" in squeeze(text)
    assert "Mål og målgrupper" in text
    assert "Ungdom 13–15 år" in text


def test_meetings_show_registered_and_attended_and_attendance_by_age_group(pages):
    text = "\n".join(pages)
    # Registered (confirmed) 12, attended 11 at the first meeting; 3 and 3 at the second.
    assert re.search(r"Nærmiljøprat i juni Digitalt 12 11$", text, re.MULTILINE)
    assert re.search(r"Oppfølgingsmøte i september Digitalt 3 3$", text, re.MULTILINE)
    # By age group: 13–15, 16–18, 19–25, 26–66, 67+.
    assert "13–15 år 16–18 år 19–25 år 26–66 år 67 år eller eldre" in text
    assert re.search(r"^Nærmiljøprat i juni 7 0 0 4 0$", text, re.MULTILINE)
    assert re.search(r"^Totalt 7 0 0 4 3$", text, re.MULTILINE)


def test_insights_by_theme_with_counts_and_quotes(pages):
    text = "\n".join(pages)
    assert re.search(r"^Trygghet på kveldstid 4$", text, re.MULTILINE)
    assert "Trygghet på kveldstid (4 innsikter)" in text
    assert "«Vi trenger et sted å være når det regner»" in text


def test_actions_with_owner_and_status(pages):
    text = "\n".join(pages)
    assert re.search(r"^Natteravner hver fredag Frivillige Natteravnene Tønsberg – Igangsatt$", text, re.MULTILINE)
    assert re.search(r"^Åpen hall i juli Kommune – – Gjennomført$", text, re.MULTILINE)
    assert re.search(r"^Gjennomført 1$", text, re.MULTILINE)


def test_survey_results_with_chart_and_kuba_input(pages):
    text = "\n".join(pages)
    assert "Hvordan var sommeren?" in text
    assert "Følte du deg trygg?" in text
    # The chart's own labels and values (inline SVG) are in the PDF.
    assert "5 (71 %)" in text and "2 (29 %)" in text
    assert "Prioriter patruljering ved skolen fredag kveld" in text


def test_page_numbers_and_contents_point_at_the_right_pages(pages):
    assert pages[-1].rstrip().endswith(f"Side {len(pages)} av {len(pages)}")
    contents = pages[1]
    for heading in ("Mål og målgrupper", "Møter og oppmøte", "Viktige innsikter etter tema", "KUBA-innspill"):
        listed = re.search(rf"^{heading} \.+ (\d+)$", contents, re.MULTILINE)
        assert listed, f"{heading} missing in the contents"
        assert int(listed.group(1)) == page_with(pages[2:], heading) + 2, heading


def test_the_pdf_has_title_language_and_tags(pdf_bytes):
    reader = pypdf.PdfReader(io.BytesIO(pdf_bytes))
    root = reader.trailer["/Root"]
    assert reader.metadata.title == "Sammendrag: En god sommer i Tønsberg"
    assert str(root["/Lang"]) == "nb"
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root


def test_an_empty_initiative_still_gets_a_pdf(initiative):
    data = summary_services.summary_pdf_render(initiative=summary_services._load(initiative.pk), language="nb")
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)
    assert "Ingen møter er holdt." in text
    assert "Det er ikke laget noen undersøkelser." in text


def _grow(initiative, n):
    theme = ThemeFactory(initiative=initiative)
    for i in range(n):
        InsightFactory(initiative=initiative, kind="quote").themes.add(theme)
        FollowUpActionFactory(initiative=initiative, status="started")
        RegistrationFactory(meeting=MeetingFactory(initiative=initiative), attended=True)
    survey = SurveyFactory(initiative=initiative)
    question = QuestionFactory(survey=survey)
    make_responses(survey, [("adults", {question: "Ja"})] * n)


@pytest.mark.parametrize("size", [1, 15])
def test_collecting_the_data_takes_the_same_number_of_queries_at_any_size(initiative, size, django_assert_num_queries):
    _grow(initiative, size)
    loaded = summary_services._load(initiative.pk)
    with django_assert_num_queries(18):  # counted afresh: the kept board counts and their themes
        data = summary.summary_data(initiative=loaded)
    assert data["insights"]["total"] == size
    assert len(data["actions"]["rows"]) == size
