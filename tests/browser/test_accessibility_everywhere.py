"""axe-core (WCAG 2.0/2.1 A and AA) on every page of the portal, as the people who use them.

The pages are found by walking the URL resolver, so a new page is checked
without anyone remembering to add it here.
"""
import pytest

from innbyggerstemmen.core.urlwalk import named_urls
from tests.browser.conftest import PHONE, assert_accessible, axe_violations, log_in
from tests.world import build_world, url_for

# Pages that are not HTML pages (files, images, redirects-only actions) or belong to allauth's own flows.
NOT_PAGES = ("export", "pdf", "qr", "csv", "xlsx", "set_language", "logout", "healthz", "thanks", "confirm")
ANONYMOUS_PAGES = {
    "home",
    "privacy",
    "accessibility",
    "account_login",
    "account_reset_password",
    "dialogues:public_meeting",
    "dialogues:manage_registration",
    "surveys:public",
    "surveys:personal",
    "insights:public_feedback",
    "invitations:accept",
    "live:post",
    "live:shared",
    "insights:unsubscribe",
    "insights:handoff_receipt",
}


def is_page(name: str) -> bool:
    """An HTML page: not a file, image or redirect-only action, nor one of allauth's own flows."""
    if name.startswith("account_") and name not in ANONYMOUS_PAGES:
        return False
    return not any(word in name for word in NOT_PAGES)


PAGES = sorted({(name, arguments) for name, arguments in named_urls() if is_page(name)})


@pytest.fixture
def world(initiative, editor, viewer):
    # Every feature switched on: a published feedback page and an open survey make their public pages real.
    world = build_world(initiative=initiative, editor=editor)
    from django.utils import timezone

    from dialogues.live.models import LiveWall
    from dialogues.surveys.models import Survey
    from insights.models import FeedbackPage

    FeedbackPage.objects.filter(initiative=initiative).update(published_at=timezone.now())
    LiveWall.objects.filter(meeting__initiative=initiative).update(shared_at=timezone.now())
    Survey.objects.filter(initiative=initiative).update(opens_at=timezone.now() - timezone.timedelta(days=1))
    return world


def visit(page, url):
    """Open ``url`` in the page if it is an HTML page; ask first without navigating (POST-only URLs answer 405)."""
    probe = page.context.request.get(url, max_redirects=0)
    if probe.status != 200 or "text/html" not in probe.headers.get("content-type", ""):
        return probe, False
    return page.goto(url), True


def test_every_page_passes_axe(page, live_server, world, national, coordinator, browser):
    log_in(page, live_server, coordinator.email)
    failures, checked = {}, []
    staff_pages = {
        "audit_log", "data_request", "surveys:indicator_trends", "insights:national_themes", "initiatives:population"
    }
    for name, kwarg_names in PAGES:
        if name in ANONYMOUS_PAGES:
            continue
        if name in staff_pages:
            continue
        url = live_server.url + url_for(name, kwarg_names, world)
        response, is_html = visit(page, url)
        if not is_html:
            continue
        checked.append(name)
        violations = axe_violations(page)
        if violations:
            failures[name] = violations

    staff = browser.new_context(bypass_csp=True, locale="nb-NO").new_page()
    log_in(staff, live_server, national.email)
    for name in staff_pages:
        response, is_html = visit(staff, live_server.url + url_for(name, (), world))
        assert response.status == 200, name
        checked.append(name)
        if violations := axe_violations(staff):
            failures[name] = violations

    anonymous = browser.new_context(bypass_csp=True, locale="nb-NO").new_page()
    for name, kwarg_names in PAGES:
        if name not in ANONYMOUS_PAGES:
            continue
        response, is_html = visit(anonymous, live_server.url + url_for(name, kwarg_names, world))
        assert response.status in (200, 410), name  # 410: the deliberately invalid invitation link
        checked.append(name)
        if violations := axe_violations(anonymous):
            failures[name] = violations

    assert len(checked) > 40, checked
    assert failures == {}


@pytest.mark.parametrize(
    "name",
    ["home", "dialogues:public_meeting", "surveys:public", "insights:public_feedback", "initiatives:detail", "initiatives:dashboard"],
)
def test_key_pages_pass_axe_at_phone_width(phone_page, live_server, world, coordinator, name):
    kwarg_names = dict(PAGES)[name]
    if name not in ANONYMOUS_PAGES:
        log_in(phone_page, live_server, coordinator.email)
    phone_page.goto(live_server.url + url_for(name, kwarg_names, world))
    assert phone_page.viewport_size == PHONE
    # Nothing may force sideways scrolling on a phone.
    assert phone_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert_accessible(phone_page)


def test_forms_in_their_error_state_pass_axe(page, live_server, world, coordinator):
    log_in(page, live_server, coordinator.email)
    for path, button in [
        ("/initiativer/ny/", "Opprett initiativ"),
        (f"/initiativer/{world['pk']}/partnere/", "Send invitasjon"),
        (f"/initiativer/{world['pk']}/moter/nytt/", "Opprett møte"),
    ]:
        page.goto(live_server.url + path)
        page.get_by_role("button", name=button).click()
        page.locator("[data-error-summary]").wait_for()
        assert_accessible(page)
