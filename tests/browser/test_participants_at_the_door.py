"""The participant list at the door: a long comment does not push check-in away, on a laptop or a phone."""
import re

from dialogues.models import Registration
from tests.browser.conftest import assert_accessible, log_in
from tests.dialogues.factories import MeetingFactory, RegistrationFactory

LONG_COMMENT = ("Jeg lurer på mye om nærmiljøet, og har skrevet ned alt jeg tenker. " * 80)[:5000]


def participants_url(live_server, meeting):
    return f"{live_server.url}/initiativer/{meeting.initiative_id}/moter/{meeting.pk}/deltakere/"


def test_a_5000_character_comment_is_cut_with_a_way_to_read_it_all(page, live_server, coordinator, initiative):
    meeting = MeetingFactory(initiative=initiative, ask_free_text=True)
    RegistrationFactory(meeting=meeting, name_or_nickname="Kari", free_text=LONG_COMMENT)
    RegistrationFactory(meeting=meeting, name_or_nickname="Ola")
    log_in(page, live_server, coordinator.email)
    page.goto(participants_url(live_server, meeting))
    row = page.locator("tr", has=page.get_by_role("rowheader", name="Kari"))
    page.evaluate("document.fonts.ready")  # measured in the portal's font, not a wider fallback still in place
    assert row.bounding_box()["height"] < 250  # a few lines of text; it was 17,000 px
    page.get_by_text("Les hele (5 000 tegn)").click()
    assert page.get_by_text(LONG_COMMENT[-60:].strip()).is_visible()
    assert_accessible(page)


def test_check_in_on_a_phone_is_on_screen_next_to_the_name(phone_page, live_server, coordinator, initiative):
    meeting = MeetingFactory(initiative=initiative, ask_free_text=True, ask_needs=True, ask_area=True)
    kari = RegistrationFactory(meeting=meeting, name_or_nickname="Kari", free_text=LONG_COMMENT)
    page = phone_page
    log_in(page, live_server, coordinator.email)
    page.goto(participants_url(live_server, meeting))
    button = page.get_by_role("button", name=re.compile(r"Registrer oppmøte\s*: Kari"))
    box, width = button.bounding_box(), page.viewport_size["width"]
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, "the check-in button is off screen"
    button.tap()
    page.get_by_role("button", name=re.compile(r"Til stede\s*: Kari")).wait_for()
    page.screenshot(path="/tmp/phone_participants.png", full_page=True)
    assert Registration.objects.get(pk=kari.pk).attended
