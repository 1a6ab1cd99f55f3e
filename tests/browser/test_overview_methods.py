"""The overview and the method library in a real browser, checked with axe-core."""
import importlib
import re

from dialogues.models import MethodCard
from initiatives.models import Activity
from tests.browser.conftest import assert_accessible, log_in
from tests.reports.overview_factories import build_world


def test_national_team_reads_and_filters_the_overview(page, live_server, national, organisation, other_organisation):
    build_world(organisation, other_organisation)
    log_in(page, live_server, national.email)
    page.get_by_role("link", name="Oversikt").click()
    page.get_by_role("heading", name="Nasjonal oversikt").wait_for()
    assert page.locator('[data-figure="initiatives"] .key-figure__value').inner_text() == "3"
    assert page.get_by_role("img", name="Initiativer etter fase").count() == 1
    assert_accessible(page)

    page.get_by_label("Distrikt").select_option(label="Oslo politidistrikt")
    page.get_by_label("År", exact=True).select_option("2021")
    page.get_by_role("button", name="Vis").click()
    page.wait_for_url(re.compile(r"year=2021"))
    assert page.locator('[data-figure="initiatives"] .key-figure__value').inner_text() == "1"
    with page.expect_download() as download:
        page.get_by_role("link", name="Last ned tallene (CSV)").click()
    assert download.value.suggested_filename == "oversikt.csv"


def seed_naermiljoprat():
    """The live server's database is emptied between tests, seeded rows included: seed the card again."""
    migration = importlib.import_module("dialogues.migrations.0003_method_card_details")
    fields = {field: migration.DETAILS["naermiljoprat"][field] for field in migration.FIELDS}
    MethodCard.objects.update_or_create(slug="naermiljoprat", defaults={"name": "Nærmiljøprat", **fields})


def test_coordinator_copies_a_method_into_the_run_sheet(page, live_server, coordinator, initiative):
    seed_naermiljoprat()
    log_in(page, live_server, coordinator.email)
    page.get_by_role("link", name="Metoder").click()
    assert_accessible(page)
    page.get_by_role("link", name="Nærmiljøprat").click()
    page.get_by_role("heading", name="Mal for kjøreplan").wait_for()
    assert_accessible(page)

    page.get_by_role("combobox", name=re.compile("^Initiativ")).select_option(label=f"{initiative.title} ({initiative.owner_organisation})")
    page.get_by_role("button", name="Kopier inn i kjøreplanen").click()
    page.get_by_text("5 aktiviteter fra «Nærmiljøprat» ble lagt til i kjøreplanen.").wait_for()
    assert list(Activity.objects.filter(initiative=initiative).order_by("position").values_list("title", flat=True))[:2] == [
        "Velkommen",
        "Gruppearbeid: Hva er en god sommer?",
    ]
