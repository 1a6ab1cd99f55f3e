"""The portal's spine in a real browser: log in, create, invite, accept, and stay in one's lane."""
import re

import pytest
from django.core import mail

from initiatives.models import Initiative, Partnership
from innbyggerstemmen.accounts.models import User
from tests.browser.conftest import assert_accessible, log_in
from tests.factories import PASSWORD

ACTIVITY = re.compile(r"^Aktivitet")


@pytest.fixture
def coordinator_in_browser(page, live_server, coordinator):
    log_in(page, live_server, coordinator.email)
    return page


def test_coordinator_creates_initiative_invites_partner_who_sees_only_it(
    coordinator_in_browser, live_server, other_initiative, browser, context
):
    page = coordinator_in_browser
    page.get_by_role("link", name="Nytt initiativ").click()
    page.get_by_label("Tittel").fill("Nærmiljøprat på Husøy")
    page.get_by_label("Problem").fill("Uro blant ungdom om sommeren.")
    page.get_by_label("Medprodusent i daglig drift").check()
    page.get_by_label("Andre målgrupper").fill("Ungdom 13–15 år, Foreldre")
    page.get_by_label("Startdato").fill("2021-05-01")
    page.get_by_label("Sluttdato").fill("2021-09-30")
    page.get_by_role("button", name="Opprett initiativ").click()
    page.get_by_role("heading", name="Nærmiljøprat på Husøy").wait_for()
    initiative = Initiative.objects.get(title="Nærmiljøprat på Husøy")
    assert_accessible(page)

    page.get_by_role("link", name="Partnere").click()
    page.get_by_label("E-postadresse").fill("kommune@example.no")
    page.get_by_label("Redaktør").check()
    page.get_by_role("button", name="Send invitasjon").click()
    page.get_by_text("En invitasjon ble sendt til kommune@example.no").wait_for()
    assert_accessible(page)

    link = re.search(r"https?://\S+/invitasjon/\S+/", mail.outbox[-1].body).group(0)
    path = "/" + link.split("/", 3)[3]

    partner_context = browser.new_context(bypass_csp=True, locale="nb-NO")
    partner = partner_context.new_page()
    partner.goto(live_server.url + path)
    partner.get_by_label("Navnet ditt").fill("Kari Kommune")
    partner.get_by_label("Velg et passord").fill(PASSWORD)
    partner.get_by_label("Gjenta passordet").fill(PASSWORD)
    partner.get_by_role("button", name="Opprett konto og aksepter").click()
    partner.get_by_role("heading", name="Nærmiljøprat på Husøy").wait_for()
    assert Partnership.objects.get(user=User.objects.get(email="kommune@example.no")).initiative == initiative

    partner.goto(f"{live_server.url}/initiativer/")
    assert partner.get_by_role("link", name="Nærmiljøprat på Husøy").is_visible()
    assert partner.get_by_text(other_initiative.title).count() == 0
    response = partner.goto(f"{live_server.url}/initiativer/{other_initiative.pk}/")
    assert response.status == 404  # another organisation's initiative is not found, not "forbidden"
    partner_context.close()


def test_runsheet_is_edited_inline_without_page_reload(coordinator_in_browser, live_server, initiative):
    page = coordinator_in_browser
    page.goto(f"{live_server.url}/initiativer/{initiative.pk}/kjoreplan/")
    page.evaluate("window.__marker = 'same page'")  # vanishes on a full reload

    page.get_by_role("textbox", name=ACTIVITY).fill("Velkommen")
    page.get_by_role("button", name="Legg til aktivitet").click()
    page.locator(".runsheet__item", has_text="Velkommen").wait_for()
    page.get_by_role("textbox", name=ACTIVITY).fill("Gruppearbeid")
    page.get_by_role("button", name="Legg til aktivitet").click()
    page.locator(".runsheet__item", has_text="Gruppearbeid").wait_for()

    page.get_by_role("button", name=re.compile("Flytt opp.*Gruppearbeid")).click()
    page.wait_for_function("document.querySelector('.runsheet__item h3').textContent === 'Gruppearbeid'")

    page.get_by_role("link", name=re.compile("Rediger.*Velkommen")).click()
    edit = page.locator("form[hx-post*='rediger']")
    edit.get_by_role("textbox", name=ACTIVITY).fill("Velkommen og hensikt")
    edit.get_by_role("button", name="Lagre").click()
    page.locator(".runsheet__item h3", has_text="Velkommen og hensikt").wait_for()

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=re.compile("Slett.*Gruppearbeid")).click()
    page.locator(".runsheet__item", has_text="Gruppearbeid").wait_for(state="detached")

    assert page.evaluate("window.__marker") == "same page"
    assert list(initiative.activities.values_list("title", flat=True)) == ["Velkommen og hensikt"]
    assert_accessible(page)


def test_pages_are_accessible_at_phone_width(phone_page, live_server, coordinator, initiative):
    log_in(phone_page, live_server, coordinator.email)
    for path in ["/initiativer/", f"/initiativer/{initiative.pk}/", f"/initiativer/{initiative.pk}/rediger/"]:
        phone_page.goto(live_server.url + path)
        assert_accessible(phone_page)
    # The form in its error state too.
    phone_page.get_by_label("Tittel").fill("")
    phone_page.get_by_role("button", name="Lagre endringer").click()
    phone_page.locator("[data-error-summary]").wait_for()
    assert phone_page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    assert_accessible(phone_page)
