from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from dialogues.surveys import services
from dialogues.surveys.models import (
    Answer,
    QuestionKind,
    Recipient,
    ReminderSent,
    RespondentGroup,
    Response,
    token_hash,
)
from innbyggerstemmen.core.models import OutgoingEmail
from tests.surveys.factories import IndicatorFactory, RecipientFactory, SurveyFactory

pytestmark = pytest.mark.django_db


def test_building_a_survey(initiative, coordinator):
    now = timezone.now()
    survey = services.survey_create(
        initiative=initiative, user=coordinator, title="Sommeren", audience="citizens",
        opens_at=now, closes_at=now + timedelta(days=10), introduction="", anonymous=True,
        reminder_schedule_days=[3, 7], max_reminders=2,
    )
    first = services.question_create(survey=survey, kind=QuestionKind.SINGLE, text="Hørte du om det?",
                                      choices=["Ja", "Nei", " ja "])
    second = services.question_create(survey=survey, kind=QuestionKind.LONG_TEXT, text="Hvorfor?",
                                       show_if_question=first, show_if_values=["Ja"])
    indicator = IndicatorFactory(text="Politiet lytter")
    assert services.indicators_add(survey=survey, indicators=[indicator]) == 1
    assert services.indicators_add(survey=survey, indicators=[indicator]) == 0  # only once per survey
    assert first.choices == ["Ja", "Nei"]
    assert [q.text for q in survey.questions.all()] == ["Hørte du om det?", "Hvorfor?", "Politiet lytter"]
    # A question cannot be moved above the one it depends on.
    with pytest.raises(ValidationError):
        services.question_move(question=second, direction="up")
    third = survey.questions.get(indicator=indicator)
    services.question_move(question=third, direction="up")
    assert [q.text for q in survey.questions.all()] == ["Hørte du om det?", "Politiet lytter", "Hvorfor?"]


def test_bad_survey_input_is_refused(initiative):
    now = timezone.now()
    with pytest.raises(ValidationError):
        services.survey_create(initiative=initiative, title="X", opens_at=now, closes_at=now - timedelta(days=1))
    survey = SurveyFactory(initiative=initiative)
    with pytest.raises(ValidationError):
        services.question_create(survey=survey, kind=QuestionKind.SINGLE, text="Bare ett valg", choices=["Ja"])
    with pytest.raises(ValidationError):  # the condition must name one of the options
        other = services.question_create(survey=survey, kind=QuestionKind.SINGLE, text="A", choices=["Ja", "Nei"])
        services.question_create(survey=survey, kind=QuestionKind.SHORT_TEXT, text="B",
                                 show_if_question=other, show_if_values=["Kanskje"])


def test_public_answer_is_stored_with_its_group(survey, questions):
    q = questions
    response = services.response_submit_public(
        survey=survey, values={q["age"]: "16-18", q["heard"]: "Ja", q["which"]: ["Natteravner", "Åpen hall"],
                               q["safe"]: 4, q["idea"]: "Mer lys i parken"}
    )
    assert response.completed and response.respondent_group == RespondentGroup.YOUTH
    assert response.recipient_id is None
    assert sorted(Answer.objects.filter(question=q["which"]).values_list("choice", flat=True)) == [
        "Natteravner", "Åpen hall"]
    assert Answer.objects.get(question=q["safe"]).number == 4


def test_closed_or_upcoming_survey_accepts_nothing(survey, questions):
    survey.closes_at = timezone.now() - timedelta(minutes=1)
    survey.opens_at = timezone.now() - timedelta(days=3)
    survey.save()
    with pytest.raises(services.SurveyClosed):
        services.response_submit_public(survey=survey, values={questions["age"]: "26-66"})
    survey.opens_at = timezone.now() + timedelta(days=1)
    survey.closes_at = timezone.now() + timedelta(days=3)
    survey.save()
    with pytest.raises(services.SurveyClosed):
        services.response_submit_public(survey=survey, values={questions["age"]: "26-66"})
    assert not Response.objects.exists()


def test_personal_link_can_save_resume_and_answer_once(survey, questions):
    recipient = RecipientFactory(survey=survey)
    q = questions
    draft = services.response_save_personal(recipient=recipient, values={q["age"]: "26-66"}, complete=False)
    assert draft.draft_key == token_hash(recipient.token) and not draft.completed
    assert services.draft_for(recipient=recipient).pk == draft.pk
    # Saved again: the same draft, the answers replaced.
    services.response_save_personal(recipient=recipient, values={q["age"]: "67+", q["heard"]: "Nei"},
                                    complete=False)
    assert Response.objects.count() == 1
    assert set(draft.answers.values_list("choice", flat=True)) == {"67+", "Nei"}
    final = services.response_save_personal(recipient=recipient, values={q["age"]: "67+", q["heard"]: "Nei"},
                                            complete=True)
    assert final.pk == draft.pk and final.completed and final.draft_key is None
    assert final.respondent_group == RespondentGroup.ADULTS
    recipient.refresh_from_db()
    assert recipient.answered_at is not None
    with pytest.raises(services.AlreadyAnswered):
        services.response_save_personal(recipient=recipient, values={q["age"]: "67+"}, complete=True)
    assert Response.objects.count() == 1


def test_anonymous_answers_have_no_path_to_the_person(survey, questions):
    recipients = [RecipientFactory(survey=survey) for _ in range(3)]
    for recipient in recipients:
        services.response_save_personal(recipient=recipient, values={questions["age"]: "26-66"}, complete=False)
        services.response_save_personal(recipient=recipient, values={questions["age"]: "26-66"}, complete=True)
    rows = list(Response.objects.values("recipient_id", "draft_key", "submitted_at"))
    assert len(rows) == 3
    assert all(row["recipient_id"] is None and row["draft_key"] is None for row in rows)
    # No column of a response or an answer holds an address, a token or its hash.
    secrets = {r.email for r in recipients} | {r.token for r in recipients} | {token_hash(r.token) for r in recipients}
    stored = [str(v) for row in Response.objects.values() for v in row.values()]
    stored += [str(v) for row in Answer.objects.values() for v in row.values()]
    assert not secrets & set(stored)
    # Times are kept to the day only, so the answer time cannot be matched to a recipient either.
    assert {timezone.localtime(row["submitted_at"]).hour for row in rows} == {12}
    # The database itself refuses a link from an anonymous response to a recipient.
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(survey=survey, anonymous=True, recipient=recipients[0])


def test_survey_that_is_not_anonymous_links_the_response(initiative):
    survey = SurveyFactory(initiative=initiative, anonymous=False)
    recipient = RecipientFactory(survey=survey)
    response = services.response_save_personal(recipient=recipient, values={}, complete=True)
    assert response.recipient_id == recipient.pk


def test_anonymity_cannot_be_switched_off_after_answers(survey, questions):
    services.response_submit_public(survey=survey, values={questions["age"]: "26-66"})
    with pytest.raises(ValidationError):
        services.survey_update(survey=survey, anonymous=False)


def test_recipients_get_one_invitation_each(survey):
    result = services.recipients_add(survey=survey, emails=["a@example.no", "B@example.no", "a@example.no"])
    assert (result.added, result.already, result.repeated) == (2, 0, 1)
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.no", "b@example.no"]
    assert "/u/p/" in mail.outbox[0].body
    links = {recipient.email: recipient.answer_link for recipient in Recipient.objects.all()}
    for message in mail.outbox:
        assert links[message.to[0]] in message.body  # each person gets their own personal link
        assert "standin" not in message.body
    mail.outbox.clear()
    result = services.recipients_add(survey=survey, emails=["a@example.no", "c@example.no"])
    assert (result.added, result.already, result.repeated) == (1, 1, 0)
    assert [m.to[0] for m in mail.outbox] == ["c@example.no"]
    assert Recipient.objects.filter(invited_at__isnull=True).count() == 0


def test_emails_parse_and_csv():
    valid, invalid = services.emails_parse("Navn; a@example.no, b@example.no\nikke@epost\nA@example.no")
    assert valid == ["a@example.no", "b@example.no", "a@example.no"]  # the repeat is counted by recipients_add
    assert invalid == ["ikke@epost"]
    valid, _invalid = services.emails_from_csv("navn;epost\nKari;kari@example.no\nOla;ola@example.no\n".encode())
    assert valid == ["kari@example.no", "ola@example.no"]


def _invited(survey, days_ago, **kwargs):
    return RecipientFactory(survey=survey, invited_at=timezone.now() - timedelta(days=days_ago), **kwargs)


def test_reminder_schedule_sends_each_reminder_once(survey):
    survey.reminder_schedule_days = [3, 7]
    survey.max_reminders = 2
    survey.save()
    due = _invited(survey, 4)
    _not_yet = _invited(survey, 1)
    answered = _invited(survey, 4, answered_at=timezone.now())
    assert services.reminders_send_due() == 1
    assert services.reminders_send_due() == 0  # the task ran twice: still one e-mail
    assert [m.to[0] for m in mail.outbox] == [due.email]
    assert not ReminderSent.objects.filter(recipient=answered).exists()
    # Day 8: the second reminder; after that the limit is reached.
    later = timezone.now() + timedelta(days=4)
    assert services.reminders_send_due(now=later) == 2  # the second for `due`, the first for `_not_yet`
    assert services.reminders_send_due(now=later + timedelta(days=3)) == 1  # `_not_yet`'s second, on its day 8
    assert services.reminders_send_due(now=later + timedelta(days=5)) == 0
    assert ReminderSent.objects.filter(recipient=due).count() == 2
    assert OutgoingEmail.objects.filter(dedupe_key__startswith="survey-reminder-").count() == 4


def test_no_reminders_for_a_closed_survey(survey):
    _invited(survey, 5)
    survey.closes_at = timezone.now() - timedelta(hours=1)
    survey.opens_at = timezone.now() - timedelta(days=10)
    survey.save()
    assert services.reminders_send_due() == 0
    assert mail.outbox == []


def test_max_reminders_caps_the_schedule(survey):
    survey.reminder_schedule_days = [1, 2, 3]
    survey.max_reminders = 1
    survey.save()
    _invited(survey, 10)
    assert services.reminders_send_due() == 1
    assert services.reminders_send_due(now=timezone.now() + timedelta(days=5)) == 0


def test_a_reminder_already_recorded_is_not_sent_again(survey):
    """A worker that died after recording the reminder but another run already committed it: no second e-mail."""
    recipient = _invited(survey, 4)
    ReminderSent.objects.create(recipient=recipient, number=1)
    assert services.reminders_send_due() == 0
    assert mail.outbox == []


def test_reminders_are_processed_in_chunks(survey):
    Recipient.objects.bulk_create(
        [Recipient(survey=survey, email=f"p{i}@example.no", token=f"t{i}",
                   invited_at=timezone.now() - timedelta(days=4)) for i in range(25)]
    )
    assert services.reminders_send_due(chunk_size=10) == 25
    assert services.reminders_send_due(chunk_size=10) == 0
    assert len(mail.outbox) == 25


def test_free_text_answer_becomes_an_insight_citing_the_survey(survey, questions, coordinator):
    response = services.response_submit_public(survey=survey, values={questions["idea"]: "Mer lys i parken"})
    answer = response.answers.get()
    insight = services.insight_from_answer(answer=answer, user=coordinator)
    assert insight.initiative_id == survey.initiative_id
    assert insight.text == "Mer lys i parken"
    assert "Evaluering av sommeren" in insight.source_description


def test_reminders_twice_over_many_chunks_send_each_once_with_its_own_link(survey):
    Recipient.objects.bulk_create(
        [Recipient(survey=survey, email=f"r{i}@example.no", token=f"lenke{i}",
                   invited_at=timezone.now() - timedelta(days=4)) for i in range(1200)]
    )
    assert services.reminders_send_due() == 1200  # three chunks of at most 500
    assert services.reminders_send_due() == 0  # the task ran twice
    assert len(mail.outbox) == 1200
    assert ReminderSent.objects.filter(number=1).count() == ReminderSent.objects.count() == 1200
    assert OutgoingEmail.objects.filter(dedupe_key__startswith="survey-reminder-").count() == 1200
    links = {recipient.email: recipient.answer_link for recipient in Recipient.objects.all()}
    for message in mail.outbox:
        assert links[message.to[0]] in message.body  # each person gets their own personal link
        assert "standin" not in message.body
        assert "Evaluering av sommeren" in message.subject


def test_recipients_whose_reminder_is_recorded_get_nothing(survey):
    """A run recorded reminder 1 for some (and died or finished); the next run sends only to the others."""
    recorded = [_invited(survey, 4) for _ in range(3)]
    others = [_invited(survey, 4) for _ in range(2)]
    ReminderSent.objects.bulk_create([ReminderSent(recipient=r, number=1) for r in recorded])
    assert services.reminders_send_due(chunk_size=2) == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.email for r in others)
    assert not OutgoingEmail.objects.filter(to__in=[r.email for r in recorded]).exists()
    assert ReminderSent.objects.count() == 5


def test_erasing_a_non_respondent_stops_their_reminders_and_kills_their_link(survey, client, national):
    from innbyggerstemmen.core.personal_data import personal_data_erase

    survey.reminder_schedule_days = [3, 7]
    survey.max_reminders = 2
    survey.save()
    person = _invited(survey, 4, email="slett.meg@example.no")
    old_link = person.get_answer_url()
    assert client.get(old_link).status_code == 200
    assert services.reminders_send_due() == 1  # the first reminder went out before the request

    personal_data_erase(email="slett.meg@example.no", actor=national)
    later = timezone.now() + timedelta(days=4)
    assert services.reminders_send_due(now=later) == 0  # no second reminder, to no address
    assert not OutgoingEmail.objects.filter(to__endswith="@anonymisert.invalid").exists()
    assert client.get(old_link).status_code == 404
