"""Action plans in a real browser: the national team edits a measure's status inline and sees the counts change."""
import re

import pytest

from initiatives.plans.models import MeasureState
from tests.browser.conftest import assert_accessible, log_in
from tests.plans.factories import ActionPlanFactory, MeasureFactory


@pytest.fixture
def plan(db):
    plan = ActionPlanFactory(name="Gode krefter", slug="gode-krefter")
    MeasureFactory(plan=plan, number=1, package="Kunnskap", title="Styrke kunnskapsgrunnlaget", status=MeasureState.STARTED)
    MeasureFactory(plan=plan, number=2, package="Kunnskap", title="Ungdomsundersøkelser")
    MeasureFactory(plan=plan, number=3, package="Tidlig innsats", title="Oppsøkende ungdomsarbeid")
    return plan


def count(page, status):
    return page.locator(f"#plan-counts td[data-count='{status}']").inner_text()


def test_status_is_edited_inline_and_the_counts_follow(page, live_server, national, plan):
    log_in(page, live_server, national.email)
    page.get_by_role("link", name="Handlingsplaner").click()
    page.get_by_role("link", name="Gode krefter").click()
    assert (count(page, "not_started"), count(page, "completed")) == ("2", "0")
    assert_accessible(page)
    page.evaluate("window.__marker = 'same page'")  # vanishes on a full reload

    page.get_by_role("link", name=re.compile("Rediger.*tiltak 2$")).click()
    row = page.locator("#measure-2")
    row.get_by_role("combobox", name=re.compile("^Status")).select_option(label="Gjennomført")
    row.get_by_label("Statustekst").fill("Undersøkelsen er gjennomført i alle fylker.")
    assert_accessible(page)
    row.get_by_role("button", name=re.compile("Lagre")).click()

    row.get_by_text("Undersøkelsen er gjennomført i alle fylker.").wait_for()
    assert row.locator(".measure-status").inner_text() == "Gjennomført"
    assert (count(page, "not_started"), count(page, "completed")) == ("1", "1")
    assert "Tiltak 2 ble lagret med status Gjennomført." in page.locator("#plan-live").inner_text()
    assert page.evaluate("window.__marker") == "same page"

    page.get_by_role("link", name=re.compile("Rediger.*tiltak 3$")).click()
    page.locator("#measure-3").get_by_role("link", name="Avbryt").click()
    page.locator("#measure-3 form").wait_for(state="detached")

    measure = plan.measures.get(number=2)
    assert (measure.status, measure.status_text) == (MeasureState.COMPLETED, "Undersøkelsen er gjennomført i alle fylker.")


def test_status_can_be_edited_without_javascript(browser, live_server, national, plan):
    context = browser.new_context(java_script_enabled=False, locale="nb-NO")
    page = context.new_page()
    log_in(page, live_server, national.email)
    page.goto(f"{live_server.url}/handlingsplaner/gode-krefter/")

    page.get_by_role("link", name=re.compile("Rediger.*tiltak 3$")).click()
    page.get_by_role("combobox", name=re.compile("^Status")).select_option(label="Under planlegging")
    page.get_by_role("button", name="Lagre").click()

    page.get_by_text("Tiltak 3 ble lagret.").wait_for()
    assert page.locator("#plan-counts td[data-count='being_planned']").inner_text() == "1"
    context.close()


def test_status_report_is_made_and_downloaded(page, live_server, national, plan):
    log_in(page, live_server, national.email)
    page.goto(f"{live_server.url}/handlingsplaner/gode-krefter/")
    page.get_by_role("link", name="Lag statusrapport").click()
    page.get_by_label("Tittel").fill("Status per august 2011")
    page.get_by_label("Status per").fill("2011-08-31")
    page.get_by_role("button", name="Lagre statusrapport").click()
    page.get_by_role("heading", name="Status per august 2011").wait_for()
    assert_accessible(page)

    # The PDF is made by a worker (in-process here) and offered on the same page.
    page.get_by_role("button", name="Lag PDF").click()
    link = page.locator("#pdf-status").get_by_role("link", name="Last ned PDF-en")
    link.wait_for(timeout=15_000)
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "gode-krefter-2011-08-31.pdf"


def test_long_words_stay_inside_their_column_at_1280_px(page, live_server, national, plan):
    MeasureFactory(
        plan=plan, number=4, package="Samarbeid",
        title="Kriminalitetsforebyggingskoordinatorutdanningsprogrammet",
        responsible="Barne-ungdoms-og-familiedirektoratet/Kommunesektorensinteresseorganisasjon",
        status_text="Politirådssamarbeidsavtalerevisjonsarbeidet pågår.",
    )
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server, national.email)
    page.goto(f"{live_server.url}/handlingsplaner/{plan.slug}/")
    row = page.locator("#measure-4")
    row.wait_for()
    # Every cell's content fits its cell: nothing runs into the next column.
    spilled = row.locator("td, th").evaluate_all(
        "cells => cells.filter(c => c.scrollWidth > c.clientWidth + 1).map(c => c.innerText.slice(0, 40))"
    )
    assert spilled == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
