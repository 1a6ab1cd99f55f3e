"""Headless Chromium (Debian's /usr/bin/chromium) driven by Playwright against live_server."""
import json
import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.factories import PASSWORD

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 375, "height": 740}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


SEED_MIGRATIONS = [
    ("dialogues.migrations.0002_seed_method_cards", "seed"),
    ("dialogues.migrations.0003_method_card_details", "fill"),
    ("dialogues.surveys.migrations.0002_seed_indicators", "seed"),
    ("dialogues.migrations.0008_method_card_translations", "fill"),
    ("dialogues.surveys.migrations.0008_indicator_translations", "fill"),
]


@pytest.fixture(autouse=True)
def _seed_data(live_server):
    """Live-server tests flush the database after each test; put back what data migrations seed.

    The seed functions are idempotent, so running them again on a fresh test database is harmless.
    """
    from importlib import import_module

    from django.apps import apps

    for module, function in SEED_MIGRATIONS:
        getattr(import_module(module), function)(apps, None)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context(browser):
    # bypass_csp lets the test inject axe-core; the pages themselves keep their strict CSP.
    context = browser.new_context(bypass_csp=True, locale="nb-NO", timezone_id="Europe/Oslo")
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(bypass_csp=True, viewport=PHONE, is_mobile=True, has_touch=True, locale="nb-NO")
    yield context.new_page()
    context.close()


def log_in(page, live_server, email, password=PASSWORD):
    """Log in through the real login form."""
    page.goto(f"{live_server.url}/konto/login/")
    page.get_by_label("E-post").fill(email)
    page.get_by_label("Passord").fill(password)
    page.get_by_role("button", name="Logg inn").last.click()
    # Until the browser has left the login page: wait_for_load_state() would return at once, as the login
    # page has loaded, and the test's next goto could then overtake the login still on its way.
    page.wait_for_url(lambda url: "/konto/login/" not in url)


def axe_violations(page, *, rules=("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")) -> list[dict]:
    """Run axe-core with the WCAG 2.0/2.1 A and AA rules; return the violations, summarised."""
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", list(rules)
    )
    return [
        {"id": v["id"], "help": v["help"], "targets": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def assert_accessible(page):
    violations = axe_violations(page)
    assert violations == [], json.dumps(violations, indent=2, ensure_ascii=False)
