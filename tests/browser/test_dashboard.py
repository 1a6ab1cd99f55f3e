"""Finding an initiative on the dashboard from the browser, as the national team with many to look through."""
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, log_in
from tests.factories import InitiativeFactory


def test_the_national_team_finds_an_initiative_by_text_and_owner(page, live_server, national, initiative, other_initiative):
    InitiativeFactory.create_batch(30, owner_organisation=other_initiative.owner_organisation, title="Nærmiljøprat")
    log_in(page, live_server, national.email)
    page.goto(f"{live_server.url}/initiativer/")
    expect(page.get_by_role("link", name="Neste side")).to_be_visible()  # more than one page of cards

    page.get_by_label("Tittel eller kommune").fill("sommer")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.get_by_role("status").filter(has_text="1 initiativ passer.")).to_be_visible()
    expect(page.get_by_role("link", name=initiative.title)).to_be_visible()
    expect(page.get_by_role("link", name="Nærmiljøprat")).to_have_count(0)
    assert_accessible(page)

    page.get_by_label("Tittel eller kommune").fill("")
    page.get_by_label("Organisasjon").select_option(label=str(other_initiative.owner_organisation))
    page.get_by_role("button", name="Filtrer").click()
    expect(page.get_by_role("status").filter(has_text="31 initiativer passer.")).to_be_visible()
    expect(page.get_by_role("link", name=initiative.title)).to_have_count(0)
    page.get_by_role("link", name="Neste side").click()  # paging keeps the filter
    expect(page.get_by_role("status").filter(has_text="31 initiativer passer.")).to_be_visible()
    page.get_by_role("link", name="Vis alle").click()
    expect(page).to_have_url(f"{live_server.url}/initiativer/")
    expect(page.get_by_text("initiativer passer")).to_have_count(0)
    expect(page.get_by_label("Organisasjon")).to_have_value("")
