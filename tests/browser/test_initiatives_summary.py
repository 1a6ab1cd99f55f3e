"""The summary PDF and stories in a real browser: one click, progress while the PDF is made, then the download."""
import re

import pytest

from innbyggerstemmen.core import tasks
from innbyggerstemmen.core.models import StoredPdf
from tests.browser.conftest import assert_accessible, log_in
from tests.reports.summary_factories import fill_initiative, make_story


@pytest.fixture
def filled(initiative):
    fill_initiative(initiative)
    return initiative


def test_one_click_shows_progress_then_the_download_link(page, live_server, coordinator, filled, monkeypatch):
    # Hold the task back, as a busy worker would, to see the progress first.
    monkeypatch.setattr(tasks.generate_stored_pdf, "delay", lambda pk: None)
    log_in(page, live_server, coordinator.email)
    page.goto(f"{live_server.url}{filled.get_absolute_url()}")
    page.evaluate("window.__marker = 'same page'")  # vanishes on a full reload

    page.get_by_role("button", name="Sammendrag (PDF)").click()
    status = page.locator("#pdf-status")
    status.get_by_text("PDF-en lages nå").wait_for()
    assert status.locator("progress").count() == 1
    assert_accessible(page)

    tasks.generate_stored_pdf(StoredPdf.objects.get().pk)  # the worker finishes
    link = status.get_by_role("link", name="Last ned PDF-en")
    link.wait_for(timeout=8_000)  # the next poll, at most two seconds later
    assert page.evaluate("window.__marker") == "same page"

    download = page.request.get(live_server.url + link.get_attribute("href"))
    assert download.headers["content-type"] == "application/pdf"
    assert download.body().startswith(b"%PDF")


def test_with_tasks_in_process_the_link_comes_at_once(page, live_server, coordinator, filled):
    log_in(page, live_server, coordinator.email)
    page.goto(f"{live_server.url}{filled.get_absolute_url()}")
    page.get_by_role("button", name="Sammendrag (PDF)").click()
    page.locator("#pdf-status").get_by_role("link", name="Last ned PDF-en").wait_for(timeout=15_000)

    page.get_by_role("link", name="Åpne siden for sammendraget").click()
    page.get_by_role("heading", name="Sammendrag (PDF)").wait_for()
    assert page.get_by_role("link", name="Last ned PDF-en").is_visible()
    assert_accessible(page)


def test_police_staff_elsewhere_find_and_read_a_story(page, live_server, other_coordinator, filled):
    make_story(filled)
    log_in(page, live_server, other_coordinator.email)
    page.get_by_role("link", name="Historier").click()
    assert_accessible(page)
    page.get_by_role("link", name="En god sommer i Tønsberg").click()
    page.get_by_role("heading", name="Hva vi lærte").wait_for()
    assert page.get_by_text("Start tidlig, og møt ungdommen der de er.").is_visible()
    assert re.search(r"14 møtte \(15 påmeldt\)", page.content())
    assert_accessible(page)
