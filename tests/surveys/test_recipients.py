"""A coordinator manages a survey's recipients: finds one among thousands, sees their reminders, sends again, removes."""
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from dialogues.surveys import services
from dialogues.surveys.models import Recipient, ReminderSent
from tests.surveys.factories import RecipientFactory, SurveyFactory


@pytest.fixture
def survey(initiative):
    return SurveyFactory(initiative=initiative, title="Sommeren", reminder_schedule_days=[3, 7], max_reminders=2)


def _url(name, survey):
    return reverse(f"surveys:{name}", args=[survey.initiative_id, survey.pk])


def _text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def test_one_address_is_found_among_many_with_its_reminders_and_the_next_one(
    client_for, coordinator, survey, django_assert_max_num_queries
):
    invited = timezone.now() - timedelta(days=4)
    Recipient.objects.bulk_create(
        [Recipient(survey=survey, email=f"elev{n}@skole.no", token=f"t{n}", invited_at=invited) for n in range(300)]
    )
    kari = RecipientFactory(survey=survey, email="kari.nordmann@example.no", invited_at=invited)
    ReminderSent.objects.create(recipient=kari, number=1)
    RecipientFactory(survey=survey, email="svarte@example.no", invited_at=invited, answered_at=timezone.now())
    client = client_for(coordinator)
    with django_assert_max_num_queries(14):
        page = client.get(_url("recipients", survey))
    assert "302 mottakere, 302 invitert, 1 har svart." in _text(page) and "Neste side" in _text(page)

    found = _text(client.get(_url("recipients", survey), {"q": "KARI.nord"}))
    assert "1 mottaker funnet." in found and "kari.nordmann@example.no" in found and "elev1@" not in found
    # Invited four days ago, first reminder sent: the second goes on day 7.
    assert f"1: {timezone.localdate():%-d}. " in found and " Des" not in found
    assert timezone.localtime(invited + timedelta(days=7)).strftime("%-d.") in found

    answered = _text(client.get(_url("recipients", survey), {"status": "answered"}))
    assert "1 mottaker funnet." in answered and "svarte@example.no" in answered


def test_an_invitation_is_sent_again_once_per_click_up_to_the_limit(client_for, coordinator, survey):
    kari = RecipientFactory(survey=survey, email="kari@example.no", invited_at=timezone.now())
    client = client_for(coordinator)
    for _ in range(services.MAX_INVITATION_RESENDS):
        response = client.post(_url("recipient_resend", survey), {"recipient": kari.pk, "q": "kari"}, follow=True)
        assert "Invitasjonen ble sendt på nytt til kari@example.no." in _text(response)
    assert response.redirect_chain[-1][0] == _url("recipients", survey) + "?q=kari"
    assert [m.to for m in mail.outbox] == [["kari@example.no"]] * services.MAX_INVITATION_RESENDS
    assert kari.answer_link in mail.outbox[0].body  # the same personal link
    refused = client.post(_url("recipient_resend", survey), {"recipient": kari.pk}, follow=True)
    assert "den sendes ikke flere ganger" in _text(refused)
    assert len(mail.outbox) == services.MAX_INVITATION_RESENDS


def test_someone_who_answered_is_not_sent_the_invitation_again(client_for, coordinator, survey):
    done = RecipientFactory(survey=survey, invited_at=timezone.now(), answered_at=timezone.now())
    response = client_for(coordinator).post(_url("recipient_resend", survey), {"recipient": done.pk}, follow=True)
    assert f"{done.email} har allerede svart." in _text(response) and mail.outbox == []


def test_a_removed_recipient_is_gone_and_gets_no_reminder(client_for, coordinator, survey):
    kari = RecipientFactory(survey=survey, email="kari@example.no", invited_at=timezone.now() - timedelta(days=4))
    response = client_for(coordinator).post(_url("recipient_remove", survey), {"recipient": kari.pk}, follow=True)
    assert "kari@example.no ble fjernet og får ikke flere e-poster om denne undersøkelsen." in _text(response)
    assert not Recipient.objects.filter(pk=kari.pk).exists()
    assert services.reminders_send_due() == 0 and mail.outbox == []


def test_another_surveys_recipient_cannot_be_resent_or_removed(client_for, coordinator, survey, other_initiative):
    elsewhere = RecipientFactory(survey=SurveyFactory(initiative=other_initiative), invited_at=timezone.now())
    client = client_for(coordinator)
    for name in ("recipient_resend", "recipient_remove"):
        response = client.post(_url(name, survey), {"recipient": elsewhere.pk}, follow=True)
        assert "Velg en mottaker av denne undersøkelsen." in _text(response)
    assert Recipient.objects.filter(pk=elsewhere.pk).exists() and mail.outbox == []


def test_only_those_who_may_send_the_survey_see_its_recipients(client_for, viewer, survey):
    assert client_for(viewer).get(_url("recipients", survey)).status_code == 403
    kari = RecipientFactory(survey=survey, invited_at=timezone.now())
    assert client_for(viewer).post(_url("recipient_remove", survey), {"recipient": kari.pk}).status_code == 403
    assert Recipient.objects.filter(pk=kari.pk).exists()


def test_a_reminder_already_due_is_shown_as_going_today_not_on_a_past_day(client_for, coordinator, survey):
    RecipientFactory(survey=survey, email="sen@example.no", invited_at=timezone.now() - timedelta(days=5))
    page = _text(client_for(coordinator).get(_url("recipients", survey)))
    # The row reads: address, invited, "–" (no reminder sent yet), next reminder, answered "nei".
    next_reminder = page.split("sen@example.no ", 1)[1].split(" nei ")[0].split(" – ")[-1]
    assert next_reminder == date_format(timezone.localdate(), "DATE_FORMAT")
