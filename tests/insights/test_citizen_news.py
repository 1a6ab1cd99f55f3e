"""Citizens hear what happened: respondents who ask, updates at most weekly, once each, and a way to stop them."""
from datetime import timedelta

import pytest
from django.core import mail
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dialogues.surveys.models import Answer, Recipient, Response
from innbyggerstemmen.core.bot_protection import form_timestamp
from innbyggerstemmen.core.models import OutgoingEmail
from insights import citizen_news, services
from insights.models import EmailOptOut, FeedbackPage, HearBack
from tests.insights.factories import FollowUpActionFactory
from tests.surveys.factories import SurveyFactory


@pytest.fixture
def survey(initiative):
    return SurveyFactory(initiative=initiative, anonymous=True)


@pytest.fixture
def published(initiative, participants, coordinator):
    """A published page with one published action, told to the consenting participant and one respondent."""
    services.hear_back_add(initiative=initiative, email="Svar@Example.no", language="nn")
    action = FollowUpActionFactory(initiative=initiative, title="Åpen hall", status="started", published=True)
    services.action_update(action=action, approve_public=True, published=True)
    page = services.feedback_page_get_or_create(initiative=initiative)
    services.feedback_page_publish(page=page)
    return FeedbackPage.objects.get(pk=page.pk), action


def sent_to(prefix):
    return sorted(OutgoingEmail.objects.filter(dedupe_key__startswith=prefix).values_list("to", flat=True))


def hear_back_post(client, survey, email, **extra):
    return client.post(
        reverse("surveys:hear_back", args=[survey.slug]),
        {"email": email, "started": form_timestamp(), "website": "", **extra},
    )


def test_a_respondent_leaves_an_address_kept_apart_from_the_answers(client, survey, settings):
    settings.SURVEYS_HEAR_BACK_MIN_SECONDS = 0
    thanks = client.get(reverse("surveys:thanks", args=[survey.slug])).content.decode()
    assert "Vil du høre hva som skjer?" in thanks
    response = hear_back_post(client, survey, "ung@example.no")
    assert response.status_code == 302
    assert "Takk! Vi sier fra når noe skjer." in client.get(response.url).content.decode()
    kept = HearBack.objects.get()
    assert (kept.initiative, kept.email, kept.left_on) == (survey.initiative, "ung@example.no", timezone.localdate())
    # Nothing can join it to an answer: no relation either way, and only the day (no time) is kept.
    answer_models = {Response, Answer, Recipient}
    assert not any(
        field.is_relation and field.related_model in answer_models for field in HearBack._meta.get_fields()
    )
    assert not any(
        field.is_relation and field.related_model is HearBack for model in answer_models for field in model._meta.get_fields()
    )
    assert not any(isinstance(field, models.DateTimeField) for field in HearBack._meta.get_fields())


@pytest.mark.parametrize(("email", "extra"), [("ikke-en-adresse", {}), ("", {}), ("bot@example.no", {"website": "x"})])
def test_a_bad_address_gets_a_message_and_nothing_is_kept(client, survey, settings, email, extra):
    settings.SURVEYS_HEAR_BACK_MIN_SECONDS = 0
    response = hear_back_post(client, survey, email, **extra)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Skriv en gyldig e-postadresse" in html or "Vi kunne ikke ta imot skjemaet" in html
    assert not HearBack.objects.exists()


def test_publishing_tells_participants_and_respondents_once_with_a_way_to_stop(published):
    assert sent_to("insights-feedback:") == ["ja@example.no", "svar@example.no"]
    email = OutgoingEmail.objects.get(to="svar@example.no")
    assert email.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert email.headers["List-Unsubscribe"].strip("<>") in email.body
    assert "Ingen fleire e-postar om dette initiativet" in email.body  # in the language it was left in
    sent = next(message for message in mail.outbox if message.to == ["svar@example.no"])
    assert sent.extra_headers["List-Unsubscribe"] == email.headers["List-Unsubscribe"]


def test_status_changes_are_told_once_and_at_most_weekly(published):
    page, action = published
    assert citizen_news.feedback_updates_send() == 0  # nothing changed since publishing
    action.status = "completed"
    action.save()
    assert citizen_news.feedback_updates_send() == 2
    assert citizen_news.feedback_updates_send() == 0
    update = OutgoingEmail.objects.get(to="ja@example.no", dedupe_key__startswith="insights-feedback-update:")
    assert "Åpen hall: Gjennomført" in update.body
    # Another change within the week waits; after it, it is told.
    action.status = "started"
    action.save()
    assert citizen_news.feedback_updates_send() == 0
    assert citizen_news.feedback_updates_send(now=timezone.now() + timedelta(days=7, minutes=1)) == 2


def test_a_worker_killed_mid_batch_leaves_nobody_told_twice(published, monkeypatch):
    page, action = published
    action.status = "completed"
    action.save()
    real = citizen_news._queue_news
    calls = []

    def dies_on_the_second(**kwargs):
        calls.append(kwargs["email"])
        if len(calls) == 2:
            raise RuntimeError("worker killed")
        return real(**kwargs)

    monkeypatch.setattr(citizen_news, "_queue_news", dies_on_the_second)
    with pytest.raises(RuntimeError):
        citizen_news.feedback_updates_send()
    monkeypatch.setattr(citizen_news, "_queue_news", real)
    citizen_news.feedback_updates_send()
    citizen_news.feedback_updates_send()
    assert sent_to("insights-feedback-update:") == ["ja@example.no", "svar@example.no"]


def test_unsubscribing_stops_that_initiatives_news_and_says_so(published):
    page, action = published
    email = OutgoingEmail.objects.get(to="ja@example.no")
    url = email.headers["List-Unsubscribe"].strip("<>")
    client = Client(enforce_csrf_checks=True)
    path = url.split("//", 1)[-1].split("/", 1)[-1]
    assert "Stoppe e-poster til ja@example.no" in client.get("/" + path).content.decode()
    assert not EmailOptOut.objects.exists()  # a GET (a link preview) changes nothing
    # The mail program's one-click POST (RFC 8058): no form, no CSRF token.
    done = client.post("/" + path, {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and "får ikke flere e-poster" in done.content.decode()
    client.post("/" + path)
    assert EmailOptOut.objects.count() == 1
    action.status = "completed"
    action.save()
    citizen_news.feedback_updates_send()
    assert sent_to("insights-feedback-update:") == ["svar@example.no"]


def test_a_forged_unsubscribe_link_gets_a_clear_page_and_changes_nothing(client, published):
    response = client.post(reverse("insights:unsubscribe", args=["forfalsket:token"]))
    assert response.status_code == 400 and "ikke gyldig" in response.content.decode()
    assert not EmailOptOut.objects.exists()
