"""Nynorsk end to end: a citizen signs up and answers in nynorsk and gets their e-mails in nynorsk; a coordinator
who chose nynorsk works in it on every page, on any computer."""
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from dialogues.models import Meeting, Registration
from dialogues.surveys.models import QuestionKind, Recipient
from dialogues.surveys.services import reminders_send_due as survey_reminders_send_due
from dialogues.tasks import send_due_reminders
from tests.browser.conftest import assert_accessible, log_in
from tests.dialogues.factories import MeetingFactory, RegistrationFactory
from tests.insights.factories import FollowUpActionFactory, InsightFactory
from tests.surveys.factories import QuestionFactory, RecipientFactory, SurveyFactory

# Words only bokmål has (nynorsk: ikkje, kva, kven, korleis, eg, òg, nokon, deltakarar, undersøking, frå …).
BOKMAL_ONLY = re.compile(
    r"\b(ikke|hva|hvem|hvordan|hvor|jeg|også|noen|deltakere|mottakere|undersøkelser?|fra|bare|være|hvis|"
    r"innbyggere|sjekket|lagret|opprettet|slettet|endret|enn[aå]|ennå)\b",
    re.IGNORECASE,
)


@pytest.fixture(autouse=True)
def _fast_forms(settings):
    settings.DIALOGUES_SIGNUP_MIN_SECONDS = 0
    settings.SURVEYS_MIN_FILL_SECONDS = 0
    cache.clear()


def choose_nynorsk(page):
    page.get_by_role("button", name="Nynorsk").click()
    # The choice reloads the page: wait for the reloaded page's lang, as log_in waits for the page after the login;
    # the current page's load state is already reached and would not wait at all.
    expect(page.locator("html")).to_have_attribute("lang", "nn")


def test_a_citizen_signs_up_in_nynorsk_and_gets_the_confirmation_and_reminder_in_nynorsk(page, live_server, initiative):
    meeting = MeetingFactory(initiative=initiative, title="Nærmiljøprat på Kaldnes", reminder_offsets=[2])
    page.goto(f"{live_server.url}/m/{meeting.slug}/")
    choose_nynorsk(page)
    page.get_by_label("Namn eller kallenamn").fill("Ingrid")
    page.get_by_label("E-postadresse").fill("ingrid@example.no")
    page.get_by_label("16–18 år").check()
    page.get_by_label("Eg samtykkjer").check()
    assert_accessible(page)
    page.get_by_role("button", name="Meld deg på").click()
    page.get_by_role("heading", name="Takk! Du har fått plass").wait_for()
    assert_accessible(page)
    # What she agreed to is known exactly: the consent text's version and its language.
    assert Registration.objects.get(email="ingrid@example.no").consent_text_version == "2025-1/nn"
    confirmation = mail.outbox[-1]
    assert confirmation.subject == "Plassen din på «Nærmiljøprat på Kaldnes» er stadfesta"
    assert "Takk for at du melde deg på «Nærmiljøprat på Kaldnes»" in confirmation.body
    assert "Sjå eller meld deg av med den personlege lenka di" in confirmation.body
    calendar = confirmation.attachments[0]
    calendar_text = (calendar[1] if isinstance(calendar, tuple) else calendar.content)
    calendar_text = calendar_text.decode() if isinstance(calendar_text, bytes) else calendar_text
    assert "Sjå eller meld deg av:" in calendar_text.replace("\r\n ", "")

    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() + timedelta(hours=1), ends_at=timezone.now() + timedelta(hours=2)
    )
    send_due_reminders.delay()
    reminder = mail.outbox[-1]
    assert reminder.subject.startswith("Påminning: «Nærmiljøprat på Kaldnes»")
    assert "Vi gler oss til å høyre frå deg!" in reminder.body
    assert not BOKMAL_ONLY.search(reminder.body.split("http")[0])


def test_a_respondent_answers_in_nynorsk_and_is_reminded_in_nynorsk(page, live_server, initiative):
    survey = SurveyFactory(initiative=initiative, title="Sommaren i Tønsberg", reminder_schedule_days=[3], anonymous=True)
    QuestionFactory(survey=survey, position=0, kind=QuestionKind.AGE_GROUP, text="Alder", choices=[], required=True)
    QuestionFactory(survey=survey, position=1, kind=QuestionKind.LONG_TEXT, text="Kva bør vi gjere?", choices=[])
    recipient = RecipientFactory(survey=survey, email="elev@example.no", invited_at=timezone.now() - timedelta(days=4))
    page.goto(f"{live_server.url}{recipient.get_answer_url()}")
    choose_nynorsk(page)
    page.get_by_label("Kva bør vi gjere?").fill("Meir lys i parken")
    assert_accessible(page)
    page.get_by_role("button", name="Lagre og hald fram seinare").click()
    page.get_by_text("Svara dine er lagra.").wait_for()
    assert Recipient.objects.get(pk=recipient.pk).language == "nn"
    assert survey_reminders_send_due() == 1
    reminder = mail.outbox[-1]
    assert reminder.subject == "Påminning: Sommaren i Tønsberg"
    assert "Vi har enno ikkje fått svaret ditt på undersøkinga «Sommaren i Tønsberg»." in reminder.body


def test_a_coordinator_who_chose_nynorsk_walks_the_initiative_without_a_bokmal_word(
    page, browser, live_server, coordinator, initiative
):
    initiative.title = "Sommar på Kaldnes"
    initiative.goal = "Tryggare sommar"
    initiative.problem = "Uro i sentrum"
    initiative.save()
    meeting = MeetingFactory(initiative=initiative, title="Nærmiljøprat")
    RegistrationFactory(meeting=meeting, name_or_nickname="Ingrid")
    InsightFactory(initiative=initiative, text="Meir lys i parken", is_priority=True)
    FollowUpActionFactory(initiative=initiative, title="Lys i parken")
    SurveyFactory(initiative=initiative, title="Sommaren")
    log_in(page, live_server, coordinator.email)
    choose_nynorsk(page)
    base = f"{live_server.url}/initiativer/{initiative.pk}"
    for path in ("/", "/kjoreplan/", "/moter/", f"/moter/{meeting.pk}/", f"/moter/{meeting.pk}/deltakere/",
                 f"/moter/{meeting.pk}/grupper/", "/undersokelser/", "/innsikt/", "/innsikt/tavle/", "/tiltak/",
                 "/kuba/", "/partnere/", "/sammendrag/"):
        page.goto(base + path)
        assert page.evaluate("document.documentElement.lang") == "nn", path
        words = sorted({word.lower() for word in BOKMAL_ONLY.findall(page.locator("body").inner_text())})
        assert words == [], f"{path}: {words}"
    assert_accessible(page)

    # The choice is on the profile: signing in on another computer opens in nynorsk.
    other = browser.new_context(bypass_csp=True, locale="nb-NO").new_page()
    log_in(other, live_server, coordinator.email)
    other.goto(base + "/")
    assert other.evaluate("document.documentElement.lang") == "nn"
    other.context.close()
