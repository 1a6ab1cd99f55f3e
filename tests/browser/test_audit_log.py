"""The national team finds one person's trail in the audit log from the browser."""
from playwright.sync_api import expect

from innbyggerstemmen.core.audit import Action, audit_record
from tests.browser.conftest import assert_accessible, log_in


def test_searching_the_log_for_a_person_and_a_too_short_search(page, live_server, national, coordinator):
    audit_record(actor=coordinator, action=Action.PERSONAL_DATA_EXPORTED, detail="deltakerliste")
    log_in(page, live_server, national.email)  # the national team's own sign-in is in the log too
    page.goto(f"{live_server.url}/revisjonslogg/")
    search = page.get_by_label("Person eller objekt")

    search.fill("ko")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.get_by_text("Skriv minst tre tegn for å søke.")).to_be_visible()
    expect(search).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_role("cell", name="nasjonal@example.no").first).to_be_visible()  # nothing was filtered away
    assert_accessible(page)

    page.get_by_label("Person eller objekt").fill("koordinator")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.get_by_text("Skriv minst tre tegn for å søke.")).to_have_count(0)
    expect(page.get_by_role("cell", name="deltakerliste")).to_be_visible()
    expect(page.get_by_role("cell", name="nasjonal@example.no")).to_have_count(0)
