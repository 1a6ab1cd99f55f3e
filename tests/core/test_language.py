"""Bokmål until the visitor chooses; dates and numbers in the chosen language's own formats."""
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.dialogues.factories import MeetingFactory

pytestmark = pytest.mark.django_db

OSLO = ZoneInfo("Europe/Oslo")


@pytest.fixture
def meeting(initiative):
    return MeetingFactory(
        initiative=initiative,
        title="Nærmiljøprat",
        starts_at=datetime(2027, 6, 10, 18, 0, tzinfo=OSLO),
        ends_at=datetime(2027, 6, 10, 19, 30, tzinfo=OSLO),
    )


def test_an_english_browser_that_never_chose_gets_bokmal(client, meeting):
    response = client.get(meeting.get_public_url(), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    body = response.content.decode()
    assert response["Content-Language"] == "nb" and '<html lang="nb">' in body
    assert "torsdag 10. juni 2027 18:00" in body
    assert "Thursday" not in body


def test_choosing_english_gives_english_dates_written_as_in_europe(client, meeting):
    client.post("/i18n/setlang/", {"language": "en", "next": meeting.get_public_url()})
    body = client.get(meeting.get_public_url()).content.decode()
    assert '<html lang="en">' in body
    assert "Thursday 10 June 2027, 18:00" in body and "10. June" not in body


def test_choosing_bokmal_again_wins_over_the_browser(client, meeting):
    client.post("/i18n/setlang/", {"language": "en"})
    client.post("/i18n/setlang/", {"language": "nb"})
    body = client.get(meeting.get_public_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "torsdag 10. juni 2027" in body


def test_short_month_names_are_not_used_in_page_dates(client_for, coordinator, initiative):
    from tests.dialogues.factories import MeetingFactory as Meetings

    Meetings(initiative=initiative, starts_at=datetime(2027, 12, 2, 18, 0, tzinfo=OSLO),
             ends_at=datetime(2027, 12, 2, 19, 0, tzinfo=OSLO))
    body = client_for(coordinator).get(f"/initiativer/{initiative.pk}/moter/").content.decode()
    assert "2. desember 2027 18:00" in body and "2. Des" not in body


def test_large_counts_are_grouped_in_the_chosen_language(client_for, coordinator, initiative):
    from tests.surveys.factories import SurveyFactory, make_responses

    survey = SurveyFactory(initiative=initiative)
    make_responses(survey, [("adults", {})] * 1001)
    client = client_for(coordinator)
    body = client.get(f"/initiativer/{initiative.pk}/undersokelser/{survey.pk}/resultater/").content.decode()
    assert "1\xa0001 svar" in body
    client.post("/i18n/setlang/", {"language": "en"})
    body = client.get(f"/initiativer/{initiative.pk}/undersokelser/{survey.pk}/resultater/").content.decode()
    assert "1,001 answers" in body
