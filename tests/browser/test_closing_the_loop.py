"""Closing the loop in the browser: an owner who acts, citizens told once, an unsubscribe that holds, a receipt."""
import re
from datetime import timedelta

from django.utils import timezone

from innbyggerstemmen.core.models import OutgoingEmail
from insights import citizen_news, services
from insights.models import FollowUpAction
from tests.browser.conftest import PHONE, assert_accessible, log_in
from tests.dialogues.factories import MeetingFactory, RegistrationFactory
from tests.factories import PASSWORD
from tests.insights.factories import FollowUpActionFactory, InsightFactory
from tests.surveys.factories import SurveyFactory


def updates_to(address):
    return OutgoingEmail.objects.filter(to=address, dedupe_key__startswith="insights-feedback-update:").count()


def link_in(body: str, path: str) -> str:
    return re.search(rf"https?://\S+{path}\S*", body).group(0)


def test_owner_acts_citizens_hear_once_unsubscribe_holds_and_a_receipt_comes_back(
    page, browser, live_server, coordinator, initiative, viewer, settings
):
    settings.SITE_URL = live_server.url
    settings.SURVEYS_HEAR_BACK_MIN_SECONDS = 0
    # A participant who agreed to hear more, and the published page with two actions.
    ended = timezone.now() - timedelta(days=3)
    meeting = MeetingFactory(initiative=initiative, starts_at=ended - timedelta(hours=2), ends_at=ended)
    RegistrationFactory(meeting=meeting, email="deltaker@example.no", may_contact_again=True)
    hall = FollowUpActionFactory(initiative=initiative, title="Åpen hall fredager", status="started")
    lights = FollowUpActionFactory(initiative=initiative, title="Mer lys i parken", status="started")
    for action in (hall, lights):
        services.action_update(action=action, approve_public=True, published=True)

    # A respondent leaves an address at the end of an anonymous survey.
    survey = SurveyFactory(initiative=initiative, anonymous=True)
    respondent = browser.new_context(viewport=PHONE, is_mobile=True, locale="nb-NO", bypass_csp=True).new_page()
    respondent.goto(f"{live_server.url}/u/{survey.slug}/takk/")
    respondent.get_by_label("E-postadressen din").fill("svarer@example.no")
    respondent.get_by_role("button", name="Si fra hva som skjer").click()
    respondent.get_by_text("Takk! Vi sier fra når noe skjer.").wait_for()
    assert_accessible(respondent)
    services.feedback_page_publish(page=services.feedback_page_get_or_create(initiative=initiative))

    # The coordinator gives "Åpen hall" to the municipal partner.
    log_in(page, live_server, coordinator.email)
    page.goto(f"{live_server.url}{hall.get_absolute_url()}rediger/")
    page.get_by_label("Person som følger det opp").select_option(label=str(viewer))
    page.get_by_role("button", name="Lagre").click()
    page.get_by_text("Endringene er lagret.").wait_for()
    assigned = OutgoingEmail.objects.get(to=viewer.email, dedupe_key__startswith="insights:action-owner:")

    # The partner follows the e-mail, signs in, opens "Mine tiltak" and sets Gjennomført.
    partner = browser.new_context(locale="nb-NO", bypass_csp=True).new_page()
    log_in(partner, live_server, viewer.email, PASSWORD)
    partner.goto(link_in(assigned.body, "/mine-tiltak/"))
    card = partner.locator(".my-action", has_text="Åpen hall fredager")
    card.get_by_label("Status").select_option(label="Gjennomført")
    card.get_by_label("Hva skjedde").fill("Hallen var åpen hver fredag i juli.")
    card.get_by_role("button", name=re.compile("Lagre oppdateringen")).click()
    partner.get_by_text("«Åpen hall fredager» ble oppdatert.").wait_for()
    assert partner.locator(".my-action").count() == 1  # only what is theirs
    assert_accessible(partner)

    # The daily job tells the respondent and the participant once each.
    citizen_news.feedback_updates_send()
    citizen_news.feedback_updates_send()
    assert (updates_to("svarer@example.no"), updates_to("deltaker@example.no")) == (1, 1)
    update = OutgoingEmail.objects.get(to="svarer@example.no", dedupe_key__startswith="insights-feedback-update:")
    assert "Åpen hall fredager: Gjennomført" in update.body

    # The respondent unsubscribes from the link in it; the next change reaches only the participant.
    respondent.goto(update.headers["List-Unsubscribe"].strip("<>"))
    respondent.get_by_role("button", name="Ja, stopp e-postene").click()
    respondent.get_by_text("får ikke flere e-poster").wait_for()
    FollowUpAction.objects.filter(pk=lights.pk).update(status="completed")
    citizen_news.feedback_updates_send(now=timezone.now() + timedelta(days=8))
    assert (updates_to("svarer@example.no"), updates_to("deltaker@example.no")) == (1, 2)

    # The coordinator sees who changed what, then sends a surplus insight on; the receiver's click shows.
    page.goto(f"{live_server.url}{hall.get_absolute_url()}")
    assert page.get_by_text("Status satt til Gjennomført.").is_visible()
    surplus = InsightFactory(initiative=initiative, text="Bussen går for sjelden om kvelden", is_surplus=True)
    page.goto(f"{live_server.url}{surplus.get_absolute_url()}")
    page.get_by_label("Mottakerens e-postadresse").fill("post@vkt.example.no")
    page.get_by_role("button", name="Send videre med kvittering").click()
    page.get_by_text("Innsikten ble sendt til post@vkt.example.no").wait_for()
    handoff_mail = OutgoingEmail.objects.get(to="post@vkt.example.no")
    receiver = browser.new_context(locale="nb-NO", bypass_csp=True).new_page()
    receiver.goto(link_in(handoff_mail.body, "/mottak/"))
    assert receiver.get_by_text("Bussen går for sjelden om kvelden").is_visible()
    assert_accessible(receiver)
    receiver.get_by_role("button", name="Merk som mottatt").click()
    receiver.get_by_text("Merket mottatt").wait_for()
    page.reload()
    assert page.get_by_test_id("handoff").get_by_text(re.compile("mottatt")).is_visible()
