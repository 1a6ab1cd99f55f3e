"""Importing a Padlet board's CSV export in a real browser: upload, map, preview, confirm, see the insights."""
from insights.models import Insight
from tests.browser.conftest import assert_accessible, log_in

PADLET = (
    "\ufeffSubject;Body;Author;Section\n"
    "Mer lys i parken;Det er mørkt langs stien ved skolen;Kari Nordmann;Trygghet\n"
    "Et sted å være;Ungdom savner et åpent fritidshus på fredager;Ola;Møteplasser\n"
    ";;Åse;Trygghet\n"
)


def test_coordinator_imports_a_padlet_export(page, live_server, coordinator, initiative):
    log_in(page, live_server, coordinator.email)
    page.goto(f"{live_server.url}/initiativer/{initiative.pk}/innsikt/")
    page.get_by_role("link", name="Importer fra en idévegg (CSV)").click()
    assert_accessible(page)

    page.get_by_label("CSV-fil").set_input_files(
        files=[{"name": "padlet-sommer.csv", "mimeType": "text/csv", "buffer": PADLET.encode("utf-8")}]
    )
    page.get_by_role("button", name="Last opp og gå videre").click()

    page.get_by_role("heading", name="Velg hva kolonnene skal bli").wait_for()
    # Padlet's columns are guessed: subject and body are the text, the author is not imported.
    assert page.get_by_label("Subject").input_value() == "text"
    assert page.get_by_label("Body").input_value() == "text"
    assert page.get_by_label("Author").input_value() == "ignore"
    assert page.get_by_label("Section").input_value() == "theme"
    page.get_by_label("Type").select_option(label="Behov")
    assert_accessible(page)
    page.get_by_role("button", name="Vis forhåndsvisningen").click()

    page.get_by_role("heading", name="Sjekk og importer").wait_for()
    assert page.get_by_text("2 innsikter blir opprettet").is_visible()
    assert page.get_by_role("cell", name="Ingen tekst").is_visible()
    assert Insight.objects.count() == 0
    assert_accessible(page)
    page.get_by_role("button", name="Importer innsiktene").click()

    page.get_by_text("Ferdig: 2 innsikter ble opprettet.").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Gå til innsiktene").click()
    page.locator("#insight-list").get_by_role("link", name="Mer lys i parken. Det er mørkt langs stien ved skolen").wait_for()
    assert page.locator("#insight-list").get_by_role("link", name="Et sted å være. Ungdom savner et åpent fritidshus på fredager").is_visible()
    assert page.get_by_text("Kari Nordmann").count() == 0
    assert set(Insight.objects.values_list("kind", "source_description")) == {("need", "Idévegg-import: padlet-sommer.csv")}
