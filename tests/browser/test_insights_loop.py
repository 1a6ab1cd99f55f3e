"""The insight loop in a real browser: capture by keyboard, act on it, and tell the citizens."""
import re

from insights.models import FeedbackPage, FollowUpAction, Insight
from tests.browser.conftest import assert_accessible, log_in

FIRST = "Ungdom savner et sted å være om kvelden"
SECOND = "Foreldre vil ha flere voksne ute i sentrum"
TEXT_LABEL = re.compile(r"^Innsikt\b")


def _quick_enter(page, text):
    page.keyboard.type(text)
    page.keyboard.press("Control+Enter")
    page.locator("#insight-list").get_by_role("link", name=text).wait_for()
    page.wait_for_function(
        "() => document.activeElement && document.activeElement.hasAttribute('data-quick-entry-text')"
    )


def test_coordinator_captures_acts_and_publishes_and_citizens_see_only_the_selection(
    page, browser, live_server, coordinator, initiative
):
    log_in(page, live_server, coordinator.email)
    page.goto(f"{live_server.url}/initiativer/{initiative.pk}/innsikt/")
    page.get_by_label(TEXT_LABEL).focus()
    _quick_enter(page, FIRST)
    # Focus is back in the empty text field: the next insight is typed straight away.
    _quick_enter(page, SECOND)
    assert page.get_by_label(TEXT_LABEL).input_value() == ""
    assert Insight.objects.count() == 2
    assert_accessible(page)

    page.get_by_label(f"Velg: {FIRST}").check()
    page.get_by_label(f"Velg: {SECOND}").check()
    page.get_by_label("Hva skal gjøres").select_option(label="Lag et oppfølgingstiltak av dem")
    page.get_by_role("button", name="Utfør på valgte").click()
    page.get_by_label("Tittel").fill("Åpen idrettshall fredag kveld")
    page.get_by_label("Eier").select_option(label="Kommune")
    page.get_by_label("Status").select_option(label="Igangsatt")
    page.get_by_label("Vis på den offentlige tilbakemeldingssiden").check()
    page.get_by_role("button", name="Opprett tiltak").click()
    page.get_by_role("heading", name="Åpen idrettshall fredag kveld").wait_for()
    action = FollowUpAction.objects.get()
    assert set(action.insights.values_list("text", flat=True)) == {FIRST, SECOND}

    # Only the first insight goes on the public page.
    page.goto(f"{live_server.url}/initiativer/{initiative.pk}/innsikt/")
    page.get_by_label(f"Velg: {FIRST}").check()
    page.get_by_label("Hva skal gjøres").select_option(label="Vis på tilbakemeldingssiden")
    page.get_by_role("button", name="Utfør på valgte").click()
    page.get_by_role("link", name="Dere sa, vi gjorde").first.click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Publiser tilbakemeldingssiden").click()
    page.get_by_text("Tilbakemeldingssiden er publisert.").wait_for()
    slug = FeedbackPage.objects.get(initiative=initiative).slug

    visitor_context = browser.new_context(bypass_csp=True, locale="nb-NO")
    visitor = visitor_context.new_page()
    visitor.goto(f"{live_server.url}/sa-vi-gjorde/{slug}/")
    visitor.get_by_role("heading", name="Åpen idrettshall fredag kveld").wait_for()
    assert visitor.get_by_text("Igangsatt").is_visible()
    assert visitor.get_by_text(FIRST).is_visible()
    assert visitor.get_by_text(SECOND).count() == 0
    assert_accessible(visitor)
    visitor_context.close()


def test_on_a_full_board_an_insight_is_linked_to_an_existing_action(page, live_server, coordinator, initiative):
    from insights.selectors import BOARD_COLUMN_SIZE
    from tests.insights.factories import FollowUpActionFactory, InsightFactory

    action = FollowUpActionFactory(initiative=initiative, title="Bedre belysning i parken")
    older = InsightFactory(initiative=initiative, text="Mørkt ved skolen om kvelden")
    InsightFactory.create_batch(BOARD_COLUMN_SIZE, initiative=initiative, text="Nyere innspill")
    log_in(page, live_server, coordinator.email)
    page.goto(f"{live_server.url}/initiativer/{initiative.pk}/innsikt/tavle/")
    # The column shows the newest; the rest are one link away, in the insight list.
    page.get_by_role("link", name=f"Se alle {BOARD_COLUMN_SIZE + 1} i innsiktslisten").click()
    page.get_by_role("link", name="Neste side").click()  # the list is newest first, 25 a page
    page.get_by_label(f"Velg: {older.text}").check()
    page.get_by_label("Hva skal gjøres").select_option(label="Koble dem til et oppfølgingstiltak")
    page.get_by_label("Oppfølgingstiltak (ved kobling)").select_option(label=action.title)
    page.get_by_role("button", name="Utfør på valgte").click()
    checkbox = page.get_by_role("checkbox", name=older.text)
    assert checkbox.is_checked()
    assert_accessible(page)
    page.get_by_role("button", name="Lagre").click()
    page.get_by_role("heading", name=action.title).wait_for()
    assert list(action.insights.all()) == [older]
    assert page.get_by_role("link", name=older.text).is_visible()
