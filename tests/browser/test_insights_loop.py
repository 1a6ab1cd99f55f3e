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


def test_on_the_board_a_card_is_moved_to_a_theme_and_taken_out_of_one(page, live_server, coordinator, initiative):
    from tests.insights.factories import InsightFactory, ThemeFactory

    safety, meeting_places = ThemeFactory(initiative=initiative, name="Trygghet"), ThemeFactory(
        initiative=initiative, name="Møteplasser"
    )
    card = InsightFactory(initiative=initiative, text="Et åpent fritidshus på fredager")
    card.themes.add(safety)
    log_in(page, live_server, coordinator.email)
    page.goto(f"{live_server.url}/initiativer/{initiative.pk}/innsikt/tavle/")
    # Nothing is chosen for the user: applying without choosing says what is missing.
    assert page.get_by_label("Hva skal gjøres").input_value() == ""
    page.get_by_label(f"Velg: {card.text}").first.check()
    page.get_by_label("Hva skal gjøres").select_option(label="Flytt dem til et tema (ut av de andre temaene)")
    page.get_by_label("Tema (ved flytting, legging til eller fjerning)").fill("Møteplasser")
    page.get_by_role("button", name="Utfør på valgte").click()
    page.get_by_text("1 innsikter ble flyttet til temaet «Møteplasser».").wait_for()
    # One card, in one column: the columns add up to the number of insights, with no note.
    assert page.get_by_role("link", name=card.text).count() == 1
    column = page.locator("section.board__column", has=page.get_by_role("heading", name="Møteplasser (1)"))
    assert column.get_by_role("link", name=card.text).is_visible()
    assert page.get_by_test_id("several-themes-note").count() == 0
    assert list(card.themes.all()) == [meeting_places]

    page.get_by_label(f"Velg: {card.text}").first.check()
    page.get_by_label("Hva skal gjøres").select_option(label="Fjern dem fra et tema")
    page.get_by_label("Tema (ved flytting, legging til eller fjerning)").fill("Møteplasser")
    page.get_by_role("button", name="Utfør på valgte").click()
    page.get_by_text("1 innsikter ble fjernet fra temaet «Møteplasser».").wait_for()
    without = page.locator("section.board__column", has=page.get_by_role("heading", name="Uten tema (1)"))
    assert without.get_by_role("link", name=card.text).is_visible()
    assert not card.themes.exists()
    assert_accessible(page)


def test_quick_entry_keeps_the_count_and_status_true_and_looks_like_every_other_field(
    page, live_server, coordinator, initiative
):
    log_in(page, live_server, coordinator.email)
    page.goto(f"{live_server.url}/initiativer/{initiative.pk}/innsikt/")
    page.get_by_label(TEXT_LABEL).focus()
    for text in ("Mer lys i parken", "Flere voksne ute", "Åpen hall fredag"):
        _quick_enter(page, text)
    # The list's heading counts what is listed, not what was there when the page opened.
    assert page.locator("#insight-list-heading").inner_text() == "3 innsikter"
    assert "Lagret: «Åpen hall fredag»" in page.locator("#quick-entry-status").inner_text()

    page.keyboard.type("Ring meg på 912 34 567")
    page.keyboard.press("Control+Enter")
    page.get_by_text("Teksten ser ut til å inneholde et telefonnummer").wait_for()
    # The warning stands alone: the previous insight's "Saved" is gone, and nothing new is counted.
    assert page.locator("#quick-entry-status").inner_text().strip() == ""
    assert page.locator("#insight-list-heading").inner_text() == "3 innsikter"

    # The kind list and the text box are styled like the rest (not a 19 px native list, not monospace).
    kind, text, title_filter = page.get_by_label("Type", exact=True), page.get_by_label(TEXT_LABEL), page.locator("#filter-q")
    style = "el => [getComputedStyle(el).fontFamily, parseFloat(getComputedStyle(el).height)]"
    assert "monospace" not in text.evaluate(style)[0]
    assert text.evaluate(style)[0] == title_filter.evaluate(style)[0]
    assert kind.evaluate(style)[1] >= 40  # the design system's input height, like the filter fields
