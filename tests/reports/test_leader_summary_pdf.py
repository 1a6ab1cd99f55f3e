"""The leader's summary: one to three pages saying what was done, who took part, what we heard, actions and next steps."""
import io
import re
from datetime import timedelta

import pypdf
import pytest
from django.utils import timezone

from reports import summary_services
from tests.dialogues.factories import MeetingFactory, RegistrationFactory
from tests.insights.factories import FollowUpActionFactory, InsightFactory, ThemeFactory
from tests.reports.summary_factories import fill_initiative
from tests.surveys.factories import QuestionFactory, SurveyFactory, make_responses

pytestmark = pytest.mark.django_db


def _pages(initiative) -> list[str]:
    data = summary_services.summary_pdf_render(
        initiative=summary_services._load(initiative.pk), language="nb", leader=True
    )
    return [re.sub(r"\s+", " ", page.extract_text()) for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def test_the_leaders_summary_says_what_was_done_who_took_part_what_we_heard_and_what_comes_next(initiative):
    fill_initiative(initiative)
    MeetingFactory(initiative=initiative, title="Høstmøte med elevrådet", starts_at=timezone.now() + timedelta(days=20))
    pages = _pages(initiative)
    text = " ".join(pages)
    assert len(pages) <= 2
    assert "Sammendrag for ledere" in text and "En god sommer i Tønsberg" in text
    assert "3 møter, 14 kom av 15 påmeldte" in text
    assert "1 spørreundersøkelse, 7 svar" in text
    # Who took part, set against the target group: the youth share of those who came and of the answers.
    assert "Målgrupper: Ungdom 13–15 år." in text
    assert "Ungdom (13–18) var 50 % av dem som kom på møtene." in text
    assert "Ungdom (13–18) ga 29 % av svarene i spørreundersøkelsene." in text
    assert "Det vi hørte mest Trygghet på kveldstid (4 innsikter) «Mer lys langs gangveien" in text
    assert "Natteravner hver fredag" in text and "Igangsatt: 1 · Gjennomført: 1" in text
    assert "Hva som skjer videre" in text and "møtet «Høstmøte med elevrådet»" in text
    # The details stay in the full report.
    assert "Følte du deg trygg?" not in text and "Innhold" not in text


def test_a_large_initiative_still_fits_on_three_pages(initiative):
    fill_initiative(initiative)
    long = "Ungdommene forteller at de savner steder å være om kvelden der det er voksne til stede " * 3
    for n in range(15):
        theme = ThemeFactory(initiative=initiative, name=f"Tema nummer {n} om trygghet og fritid i byen")
        for _ in range(n + 1):
            InsightFactory(initiative=initiative, text=long, is_priority=True).themes.add(theme)
    for n in range(40):
        FollowUpActionFactory(initiative=initiative, title=f"Et tiltak med en ganske lang tittel nummer {n} " * 2,
                              responsible="Tønsberg kommune, Ungdomstjenesten og frivilligsentralen")
    for n in range(12):
        meeting = MeetingFactory(initiative=initiative, title=f"Møte {n}")
        RegistrationFactory.create_batch(3, meeting=meeting, attended=True)
    for n in range(5):
        survey = SurveyFactory(initiative=initiative, title=f"Undersøkelse {n}")
        question = QuestionFactory(survey=survey)
        make_responses(survey, [("youth", {question: "Ja"}), ("adults", {question: "Nei"})] * 10)
    pages = _pages(initiative)
    assert 1 <= len(pages) <= 3, len(pages)
    text = " ".join(pages)
    assert "12 temaer til i den fullstendige rapporten." in text
    assert "34 tiltak til i den fullstendige rapporten." in text


def test_an_empty_initiative_gets_one_page_that_says_so(initiative):
    pages = _pages(initiative)
    text = " ".join(pages)
    assert len(pages) == 1
    assert "0 møter" in text and "Ingen tiltak er besluttet ennå." in text
    assert "Ikke noe mer er planlagt i portalen." in text


def test_every_page_of_the_leaders_summary_is_numbered(initiative):
    fill_initiative(initiative)
    pages = _pages(initiative)
    assert all(f"Side {n} av {len(pages)}" in page for n, page in enumerate(pages, start=1))


def test_a_pdf_asked_for_in_nynorsk_is_in_nynorsk_with_its_language_set(client_for, coordinator, initiative):
    from django.urls import reverse

    fill_initiative(initiative)
    client = client_for(coordinator)
    client.post(reverse("set_language"), {"language": "nn", "next": "/"})
    client.post(reverse("reports:summary_request", args=[initiative.pk]))
    data = client.get(reverse("reports:summary_download", args=[initiative.pk])).content
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
    assert str(reader.trailer["/Root"]["/Lang"]) == "nn"
    assert "Samandrag for leiarar" in text and "Kven som deltok" in text and "Det vi høyrde mest" in text
    assert reader.metadata.title == "Samandrag for leiarar: En god sommer i Tønsberg"
