"""A live meeting in the browser: two phones post, the room's screen shows it, the host hides, closes and shares."""
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from innbyggerstemmen.core.models import OutgoingEmail
from insights.models import Insight
from tests.browser.conftest import PHONE, assert_accessible, log_in
from tests.dialogues.factories import GroupFactory, MeetingFactory, RegistrationFactory


@pytest.fixture
def meeting(initiative):
    now = timezone.now()
    meeting = MeetingFactory(
        initiative=initiative, title="Sommerprat", starts_at=now - timedelta(minutes=15), ends_at=now + timedelta(hours=2)
    )
    GroupFactory(meeting=meeting, name="Gruppe 1")
    GroupFactory(meeting=meeting, name="Gruppe 2")
    RegistrationFactory(meeting=meeting, email="ja@example.no", may_contact_again=True)
    RegistrationFactory(meeting=meeting, email="nei@example.no", may_contact_again=False)
    return meeting


def phone(browser):
    return browser.new_context(bypass_csp=True, viewport=PHONE, is_mobile=True, has_touch=True, locale="nb-NO").new_page()


def post_idea(page, text):
    page.get_by_label("Hva er en god sommer?").check()
    page.get_by_label("Innspillet ditt").fill(text)
    page.get_by_role("button", name="Send", exact=True).click()
    page.get_by_text("Sendt! Innspillet ditt er på veggen.").wait_for()
    # A fresh, empty form for the next idea, the prompt still chosen.
    assert page.get_by_label("Innspillet ditt").input_value() == ""


def test_two_phones_post_the_screen_follows_and_closing_keeps_them_as_insights(
    page, browser, live_server, coordinator, meeting, settings
):
    settings.LIVE_POST_MIN_SECONDS = 0
    page.on("dialog", lambda dialog: dialog.accept())
    log_in(page, live_server, coordinator.email)
    page.goto(f"{live_server.url}{meeting.get_absolute_url()}")
    page.get_by_role("link", name="Møtevegg").click()
    page.get_by_role("button", name="Slå på møteveggen").click()
    page.get_by_label("Nytt spørsmål").fill("Hva er en god sommer?")
    page.get_by_role("button", name="Legg til spørsmål").click()
    links = {
        name: page.locator(".live-code", has_text=name).locator("a.public-link").get_attribute("href")
        for name in ("Gruppe 1", "Gruppe 2")
    }
    assert links["Gruppe 1"] != links["Gruppe 2"]
    assert_accessible(page)

    screen = page.context.new_page()
    screen.goto(f"{live_server.url}/initiativer/{meeting.initiative_id}/moter/{meeting.pk}/direkte/skjerm/")
    screen.get_by_text("Venter på det første innspillet …").wait_for()

    first, second = phone(browser), phone(browser)
    first.goto(links["Gruppe 1"])
    second.goto(links["Gruppe 2"])
    assert_accessible(first)
    post_idea(first, "Badeplass med livredder")
    post_idea(second, "Åpen hall om kvelden <b>hver dag</b>")

    # On the screen within 5 seconds, each with its group; markup shown as text.
    cards = screen.get_by_test_id("screen-post")
    screen.get_by_text("Badeplass med livredder").wait_for(timeout=5_000)
    screen.get_by_text("Åpen hall om kvelden <b>hver dag</b>").wait_for(timeout=5_000)
    assert cards.filter(has_text="Badeplass").get_by_text("Gruppe 1").is_visible()
    assert_accessible(screen)

    # The host hides one: it leaves the screen within 5 seconds.
    page.reload()
    page.get_by_role("button", name=re.compile("Skjul\\s*: Åpen hall")).click()
    screen.get_by_text("Åpen hall om kvelden").wait_for(state="detached", timeout=5_000)
    assert screen.get_by_text("Badeplass med livredder").is_visible()

    # Closing makes exactly the shown post an insight; a second close makes nothing.
    page.get_by_label("Utelat dem: bare det som ble vist, blir innsikter").check()
    page.get_by_role("button", name="Steng veggen og lag innsikter").click()
    page.get_by_text("Veggen er stengt, og 1 innlegg ble en innsikt.").wait_for()
    insight = Insight.objects.get(meeting=meeting)
    assert insight.text == "Badeplass med livredder"
    assert "Gruppe 1" in insight.source_description and "«Hva er en god sommer?»" in insight.source_description
    first.reload()
    assert first.get_by_text("Veggen er stengt: møtet er over.").is_visible()

    # Shared back once, to the participant who agreed to hear more.
    page.get_by_role("button", name="Del veggen med deltakerne").click()
    page.get_by_text("Veggen er delt. 1 deltaker").wait_for()
    assert list(OutgoingEmail.objects.filter(dedupe_key__startswith="live:shared:").values_list("to", flat=True)) == [
        "ja@example.no"
    ]
    first.goto(f"{live_server.url}/m/{meeting.slug}/vegg/")
    assert first.get_by_text("Badeplass med livredder").is_visible()
    assert first.get_by_text("Åpen hall").count() == 0
    assert_accessible(first)


def test_a_phone_on_a_failing_connection_keeps_its_text_and_is_told(browser, live_server, meeting, settings):
    from dialogues.live import services
    from dialogues.live.models import LivePost

    settings.LIVE_POST_MIN_SECONDS = 0
    wall = services.wall_open(meeting=meeting)
    services.prompt_add(wall=wall, text="Hva er en god sommer?")
    page = phone(browser)
    page.goto(f"{live_server.url}/l/{wall.codes.get(group__name='Gruppe 1').code}/")
    page.route("**/l/*/", lambda route: route.abort() if route.request.method == "POST" else route.continue_())
    page.get_by_label("Hva er en god sommer?").check()
    page.get_by_label("Innspillet ditt").fill("Skrevet på bussen uten dekning")
    page.get_by_role("button", name="Send", exact=True).click()
    page.get_by_text("Innspillet kunne ikke sendes – sjekk nettforbindelsen.").wait_for()
    assert page.get_by_label("Innspillet ditt").input_value() == "Skrevet på bussen uten dekning"
    assert LivePost.objects.count() == 0
    # The connection is back: the same text goes with one more press.
    page.unroute("**/l/*/")
    page.get_by_role("button", name="Send", exact=True).click()
    page.get_by_text("Sendt! Innspillet ditt er på veggen.").wait_for()
    assert list(LivePost.objects.values_list("text", flat=True)) == ["Skrevet på bussen uten dekning"]
