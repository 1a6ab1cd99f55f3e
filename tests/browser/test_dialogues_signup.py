"""A dialogue meeting end to end in the browser: create, sign up, remind, cancel, promote, check in."""
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone

from dialogues.models import Meeting, Registration, RegistrationStatus
from dialogues.tasks import send_due_reminders
from innbyggerstemmen.core.models import OutgoingEmail
from tests.browser.conftest import assert_accessible, log_in


@pytest.fixture(autouse=True)
def _signup_settings(settings):
    settings.DIALOGUES_SIGNUP_MIN_SECONDS = 0  # Playwright fills a form faster than any person
    cache.clear()


def sign_up(browser, live_server, public_path, name, email):
    context = browser.new_context(bypass_csp=True, locale="nb-NO", timezone_id="Europe/Oslo")
    page = context.new_page()
    page.goto(live_server.url + public_path)
    page.get_by_label("Navn eller kallenavn").fill(name)
    page.get_by_label("E-postadresse").fill(email)
    page.get_by_label("16–18 år").check()
    page.get_by_label("Jeg samtykker").check()
    page.get_by_role("button", name="Meld deg på").click()
    page.locator("h1").wait_for()
    return page


def path_of(link):
    return "/" + link.split("/", 3)[3]


def test_meeting_from_creation_to_promotion_from_the_waiting_list(page, live_server, coordinator, initiative, browser):
    # The coordinator creates a digital meeting with one place and a waiting list.
    log_in(page, live_server, coordinator.email)
    page.goto(f"{live_server.url}/initiativer/{initiative.pk}/")
    page.get_by_role("link", name="Møter").click()
    page.get_by_role("link", name="Nytt møte").click()
    start = timezone.localtime() + timedelta(days=4)
    page.get_by_label("Tittel (må fylles ut)").fill("Nærmiljøprat #1")
    page.get_by_label("Metode").select_option(label="Nærmiljøprat")
    page.get_by_label("Digitalt").check()
    page.get_by_label("Møtelenke").fill("https://meet.example.no/prat-1")
    page.get_by_label("Starter").fill(start.strftime("%Y-%m-%dT18:00"))
    page.get_by_label("Slutter").fill(start.strftime("%Y-%m-%dT19:30"))
    page.get_by_label("Antall plasser").fill("1")
    page.get_by_role("button", name="Opprett møte").click()
    page.get_by_role("heading", name="Nærmiljøprat #1").wait_for()
    meeting = Meeting.objects.get(title="Nærmiljøprat #1")
    assert page.get_by_role("img", name=re.compile("QR-kode")).is_visible()
    assert_accessible(page)
    public_path = page.get_by_test_id("public-link").get_attribute("href")
    assert public_path == f"/m/{meeting.slug}/"

    # A citizen opens the public page, first sends it empty, then signs up.
    citizen_context = browser.new_context(bypass_csp=True, locale="nb-NO", timezone_id="Europe/Oslo")
    citizen = citizen_context.new_page()
    citizen.goto(live_server.url + public_path)
    assert citizen.get_by_text(initiative.owner_organisation.name).first.is_visible()
    assert "meet.example.no" not in citizen.content()
    assert_accessible(citizen)
    citizen.get_by_role("button", name="Meld deg på").click()
    citizen.get_by_role("heading", name="Rett opp følgende:").wait_for()
    assert_accessible(citizen)
    citizen.get_by_label("Navn eller kallenavn").fill("Ida")
    citizen.get_by_label("E-postadresse").fill("ida@example.no")
    citizen.get_by_label("16–18 år").check()
    citizen.get_by_label("Dere kan kontakte meg igjen").check()
    citizen.get_by_label("Jeg samtykker").check()
    citizen.get_by_role("button", name="Meld deg på").click()
    citizen.get_by_role("heading", name="Takk! Du har fått plass").wait_for()
    assert_accessible(citizen)

    confirmation = mail.outbox[-1]
    assert confirmation.to == ["ida@example.no"] and "bekreftet" in confirmation.subject
    filename, ics, mimetype = confirmation.attachments[0]
    assert filename.endswith(".ics") and mimetype == "text/calendar" and "BEGIN:VEVENT" in ics
    manage_link = re.search(r"https?://\S+/m/p/\S+/", confirmation.body).group(0)

    # The meeting is now full: the next person gets a waiting-list place.
    # The page says so at once, with the place in the queue (not only the e-mail).
    ola = sign_up(browser, live_server, public_path, "Ola", "ola@example.no")
    assert ola.get_by_role("heading", level=1).inner_text() == "Takk! Du står på venteliste"
    assert ola.get_by_text("Du er nummer 1 i køen for en plass.").is_visible()
    assert_accessible(ola)
    assert Registration.objects.get(email="ola@example.no").status == RegistrationStatus.WAITLISTED
    assert "venteliste" in mail.outbox[-1].subject

    # Time passes: the meeting is an hour away. The reminder task runs twice; one reminder each.
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() + timedelta(hours=1), ends_at=timezone.now() + timedelta(hours=2)
    )
    send_due_reminders.delay()
    send_due_reminders.delay()
    reminders = OutgoingEmail.objects.filter(dedupe_key__startswith="dialogues:reminder:")
    assert list(reminders.values_list("to", flat=True)) == ["ida@example.no"]
    assert len([m for m in mail.outbox if m.subject.startswith("Påminnelse")]) == 1

    # Ida cannot come after all and cancels with her personal link; Ola gets the place and is told.
    citizen.goto(live_server.url + path_of(manage_link))
    assert citizen.get_by_role("link", name="https://meet.example.no/prat-1").is_visible()
    assert_accessible(citizen)
    citizen.once("dialog", lambda dialog: dialog.accept())
    citizen.get_by_role("button", name="Meld meg av").click()
    citizen.get_by_text("Du er meldt av").wait_for()
    assert Registration.objects.get(email="ida@example.no").status == RegistrationStatus.CANCELLED
    assert Registration.objects.get(email="ola@example.no").status == RegistrationStatus.CONFIRMED
    told = mail.outbox[-1]
    assert told.to == ["ola@example.no"] and "fått plass" in told.subject
    assert "https://meet.example.no/prat-1" in told.body

    # At the meeting the coordinator checks Ola in from the participant list (htmx).
    page.goto(live_server.url + meeting.get_absolute_url())
    page.get_by_role("link", name="Deltakere og oppmøte").click()
    page.get_by_role("button", name=re.compile(r"Registrer oppmøte\s*: Ola")).click()
    page.get_by_role("button", name=re.compile(r"Til stede\s*: Ola")).wait_for()
    assert Registration.objects.get(email="ola@example.no").attended
    assert_accessible(page)
    citizen_context.close()
