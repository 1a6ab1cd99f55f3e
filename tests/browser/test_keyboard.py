"""Keyboard-only use of the citizens' forms: tab order, visible focus, errors announced and linked."""
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from tests.dialogues.factories import MeetingFactory
from tests.surveys.factories import QuestionFactory, SurveyFactory

FOCUSABLE_IN_FORM = """(form) => Array.from(form.querySelectorAll(
    'input:not([type=hidden]):not([tabindex="-1"]), select, textarea, button, a[href]'
  )).filter(el => el.offsetParent !== null && !el.disabled).map(el => el.id || el.name || el.textContent.trim())"""
ACTIVE = "() => { const el = document.activeElement; return el.id || el.name || el.textContent.trim(); }"
FOCUS_VISIBLE = """() => { const s = getComputedStyle(document.activeElement);
  return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none'; }"""


@pytest.fixture(autouse=True)
def _quick_forms(settings):
    settings.DIALOGUES_SIGNUP_MIN_SECONDS = 0
    settings.SURVEYS_MIN_FILL_SECONDS = 0
    cache.clear()


def walk_form_with_tab(page, form_selector):
    """Tab from the skip link through the form; return the focus order and whether each focus was visible."""
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('ds-skip-link')"), "skip link comes first"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    form = page.locator(form_selector)
    expected = form.evaluate(FOCUSABLE_IN_FORM)
    radio_groups_seen, order, visible = set(), [], []
    while len(order) < 200:
        page.keyboard.press("Tab")
        if not page.evaluate(f"document.querySelector('{form_selector}').contains(document.activeElement)"):
            if order:
                break
            continue
        order.append(page.evaluate(ACTIVE))
        visible.append(page.evaluate(FOCUS_VISIBLE))
        radio_groups_seen.add(page.evaluate("document.activeElement.type === 'radio' ? document.activeElement.name : ''"))
    return expected, order, visible


def in_same_order(order, expected):
    """Every focused control appears in DOM order (radio groups take one Tab stop, so some are skipped)."""
    positions = [expected.index(item) for item in order]
    return positions == sorted(positions)


def assert_errors_linked(page):
    summary = page.locator("[data-error-summary]")
    summary.wait_for()
    page.wait_for_load_state("load")
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')"), "focus moves to the summary"
    assert summary.get_attribute("role") == "alert"
    for href in summary.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))"):
        field = page.locator(href)
        assert field.count() == 1, f"error link {href} points at a field"
        target = field.first
        described = target.get_attribute("aria-describedby") or ""
        invalid = target.get_attribute("aria-invalid")
        fieldset = target.evaluate("el => el.tagName") == "FIELDSET"
        assert invalid == "true" or fieldset, f"{href} is marked invalid"
        assert any(page.locator(f"#{i}").count() for i in described.split()), f"{href} is described by its error"


def test_signup_form_by_keyboard_alone(page, live_server, initiative):
    meeting = MeetingFactory(initiative=initiative, signup_deadline=timezone.now() + timedelta(days=2))
    page.goto(f"{live_server.url}/m/{meeting.slug}/")
    expected, order, visible = walk_form_with_tab(page, "form.signup-form, main form")
    assert order and in_same_order(order, expected)
    assert all(visible), "every focused control shows a visible focus indicator"

    # Submit the empty form with the keyboard: errors are announced, focused and linked to their fields.
    page.locator("main form button[type=submit]").last.focus()
    page.keyboard.press("Enter")
    assert_errors_linked(page)


def test_survey_form_by_keyboard_alone(page, live_server, initiative):
    survey = SurveyFactory(initiative=initiative, opens_at=timezone.now() - timedelta(days=1))
    QuestionFactory(survey=survey, kind="likert", text="Politiet lytter til hva folk her trenger", required=True)
    QuestionFactory(survey=survey, kind="short_text", text="Hva bør vi gjøre mer av?", required=True)
    page.goto(f"{live_server.url}/u/{survey.slug}/")
    expected, order, visible = walk_form_with_tab(page, "main form")
    assert order and in_same_order(order, expected)
    assert all(visible)

    page.locator("main form button[type=submit]").last.focus()
    page.keyboard.press("Enter")
    assert_errors_linked(page)
