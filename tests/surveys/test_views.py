from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from dialogues.surveys import services
from dialogues.surveys.models import Answer, Question, QuestionKind, Recipient, Response
from tests.surveys.factories import IndicatorFactory, QuestionFactory, RecipientFactory, SurveyFactory, make_responses

pytestmark = pytest.mark.django_db


@pytest.fixture
def urls(survey, questions):
    """Every staff URL of one survey: (name, args, method, needs change)."""
    pk, s = survey.initiative_id, survey.pk
    idea_answer = make_responses(survey, [("adults", {questions["idea"]: "Mer lys"})])[0].answers.get()
    qpk = questions["safe"].pk
    return [
        ("survey_list", [pk], "get", False),
        ("survey_create", [pk], "get", True),
        ("detail", [pk, s], "get", False),
        ("survey_edit", [pk, s], "get", True),
        ("questions", [pk, s], "get", True),
        ("indicators_add", [pk, s], "post", True),
        ("question_edit", [pk, s, qpk], "get", True),
        ("question_move", [pk, s, qpk], "post", True),
        ("question_delete", [pk, s, qpk], "post", True),
        ("preview", [pk, s], "get", False),
        ("distribution", [pk, s], "get", True),
        ("qr", [pk, s], "get", False),
        ("recipients_add", [pk, s], "post", True),
        ("participants_invite", [pk, s], "post", True),
        ("results", [pk, s], "get", False),
        ("export_csv", [pk, s], "get", True),
        ("export_xlsx", [pk, s], "get", True),
        ("answer_to_insight", [pk, s, idea_answer.pk], "post", True),
    ]


def _call(client, name, args, method):
    url = reverse(f"surveys:{name}", args=args)
    return client.post(url, {"direction": "up"}) if method == "post" else client.get(url)


def test_anonymous_is_sent_to_login(client, urls):
    for name, args, method, _change in urls:
        response = _call(client, name, args, method)
        assert response.status_code == 302 and "/konto/login/" in response["Location"], name


def test_other_organisation_and_uninvited_partner_get_404(client_for, urls, other_coordinator, stranger):
    for user in (other_coordinator, stranger):
        client = client_for(user)
        for name, args, method, _change in urls:
            assert _call(client, name, args, method).status_code == 404, (user, name)


def test_viewer_may_read_but_not_change(client_for, urls, viewer):
    client = client_for(viewer)
    for name, args, method, change in urls:
        status = _call(client, name, args, method).status_code
        assert status == (403 if change else 200), name
    assert Question.objects.count() == 5  # nothing was deleted or moved


# What the coordinator's request gets: a page (200), or for a POST the redirect after doing it (302);
# the recipients form posted empty is refused as a bad request.
COORDINATOR_POST_STATUS = {"recipients_add": 400}


def test_coordinator_reaches_every_page(client_for, urls, coordinator):
    client = client_for(coordinator)
    for name, args, method, _change in urls:
        expected = COORDINATOR_POST_STATUS.get(name, 302) if method == "post" else 200
        assert _call(client, name, args, method).status_code == expected, name


def test_object_of_another_initiative_is_404(client_for, coordinator, survey, other_initiative):
    foreign = SurveyFactory(initiative=other_initiative)
    client = client_for(coordinator)
    assert client.get(reverse("surveys:detail", args=[survey.initiative_id, foreign.pk])).status_code == 404
    foreign_q = QuestionFactory(survey=foreign)
    url = reverse("surveys:question_edit", args=[survey.initiative_id, survey.pk, foreign_q.pk])
    assert client.get(url).status_code == 404


def test_indicator_trends_only_for_the_national_team(client, client_for, coordinator, national):
    url = reverse("surveys:indicator_trends")
    assert client.get(url).status_code == 302
    assert client_for(coordinator).get(url).status_code == 403
    assert client_for(national).get(url).status_code == 200


def test_a_survey_closing_before_it_opens_is_refused_on_the_closing_field(client_for, coordinator, initiative):
    response = client_for(coordinator).post(reverse("surveys:survey_create", args=[initiative.pk]), {
        "title": "Baklengs", "audience": "citizens", "introduction": "",
        "opens_at": "2021-09-13T08:00", "closes_at": "2021-08-23T23:59",
        "reminder_schedule_days": "", "max_reminders": "0",
    })
    assert response.status_code == 200
    assert response.context["form"].errors["closes_at"] == ["Undersøkelsen må stenge etter at den åpner."]
    assert not initiative.surveys.exists()


def test_coordinator_builds_a_survey_through_the_pages(client_for, coordinator, initiative):
    client = client_for(coordinator)
    response = client.post(reverse("surveys:survey_create", args=[initiative.pk]), {
        "title": "Sommeren 2021", "audience": "citizens", "introduction": "Tre minutter.",
        "opens_at": "2021-08-23T08:00", "closes_at": "2021-09-13T23:59", "anonymous": "on",
        "reminder_schedule_days": "3, 7", "max_reminders": "2",
    })
    assert response.status_code == 302
    survey = initiative.surveys.get()
    assert survey.reminder_schedule_days == [3, 7] and survey.anonymous
    questions_url = reverse("surveys:questions", args=[initiative.pk, survey.pk])
    client.post(questions_url, {"kind": "single", "text": "Hørte du om tiltakene?", "choices": "Ja\nNei",
                                "required": "on"})
    first = survey.questions.get()
    client.post(questions_url, {"kind": "long_text", "text": "Hvilke?", "show_if_values": [f"{first.pk}:Ja"]})
    assert survey.questions.get(text="Hvilke?").show_if_values == ["Ja"]
    # Bad input: a single choice without options gives a message and adds nothing.
    response = client.post(questions_url, {"kind": "single", "text": "Uten valg", "choices": ""})
    assert response.status_code == 400
    assert "minst to" in response.content.decode()
    assert survey.questions.count() == 2
    indicator = IndicatorFactory(text="Politiet lytter")
    client.post(reverse("surveys:indicators_add", args=[initiative.pk, survey.pk]), {"indicators": [indicator.pk]})
    assert survey.questions.filter(indicator=indicator).exists()
    # Reorder without JavaScript: a plain form post, then a redirect back.
    last = survey.questions.get(indicator=indicator)
    response = client.post(reverse("surveys:question_move", args=[initiative.pk, survey.pk, last.pk]),
                           {"direction": "up"})
    assert response.status_code == 302
    assert list(survey.questions.values_list("text", flat=True)) == [
        "Hørte du om tiltakene?", "Politiet lytter", "Hvilke?"]
    # With htmx the list fragment comes back.
    response = client.post(reverse("surveys:question_move", args=[initiative.pk, survey.pk, last.pk]),
                           {"direction": "down"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'id="question-list"' in response.content.decode()
    assert "<html" not in response.content.decode()
    # The preview shows the survey as respondents see it.
    response = client.get(reverse("surveys:preview", args=[initiative.pk, survey.pk]))
    assert "Hørte du om tiltakene?" in response.content.decode()
    assert "<legend" in response.content.decode()


def test_distribution_by_pasting_csv_and_meeting_participants(client_for, coordinator, survey, initiative):
    from tests.dialogues.factories import MeetingFactory, RegistrationFactory

    client = client_for(coordinator)
    url = reverse("surveys:recipients_add", args=[initiative.pk, survey.pk])
    response = client.post(url, {"addresses": "kari@example.no, ola@example.no; feil@"})
    assert response.status_code == 302
    assert Recipient.objects.filter(survey=survey).count() == 2
    assert len(mail.outbox) == 2
    upload = SimpleUploadedFile("liste.csv", b"navn;epost\nPer;per@example.no\n", content_type="text/csv")
    client.post(url, {"addresses": "", "csv_file": upload})
    assert Recipient.objects.filter(survey=survey, email="per@example.no").exists()
    too_big = SimpleUploadedFile("stor.csv", b"a@example.no\n" * 90_000, content_type="text/csv")
    response = client.post(url, {"csv_file": too_big})
    assert response.status_code == 400 and "for stor" in response.content.decode()
    meeting = MeetingFactory(initiative=initiative)
    RegistrationFactory(meeting=meeting, email="ja@example.no", may_contact_again=True)
    RegistrationFactory(meeting=meeting, email="nei@example.no", may_contact_again=False)
    client.post(reverse("surveys:participants_invite", args=[initiative.pk, survey.pk]))
    emails = set(Recipient.objects.filter(survey=survey).values_list("email", flat=True))
    assert "ja@example.no" in emails and "nei@example.no" not in emails
    page = client.get(reverse("surveys:distribution", args=[initiative.pk, survey.pk])).content.decode()
    assert survey.public_link in page
    assert client.get(reverse("surveys:qr", args=[initiative.pk, survey.pk]))["Content-Type"] == "image/svg+xml"


# Respondents ---------------------------------------------------------------------------


def _public_post(client, survey, data, started=None):
    url = reverse("surveys:public", args=[survey.slug])
    page = client.get(url)
    started = started or page.context["form"].initial["started"]
    return client.post(url, {"started": started, "website": "", **data})


def test_public_answer(client, survey, questions, fast_forms):
    q = questions
    response = _public_post(client, survey, {
        q["age"].field_name: "26-66", q["heard"].field_name: "Ja",
        q["which"].field_name: ["Natteravner"], q["safe"].field_name: "4",
    })
    assert response.status_code == 302 and response["Location"].endswith("/takk/")
    stored = Response.objects.get()
    assert stored.completed and stored.respondent_group == "adults"
    assert Answer.objects.filter(response=stored).count() == 4


def test_invalid_answer_keeps_what_was_typed(client, survey, questions, fast_forms):
    q = questions
    response = _public_post(client, survey, {q["heard"].field_name: "Ja", q["idea"].field_name: "Mer lys i parken"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Svar på dette spørsmålet." in page  # the age group and "which" are required
    assert "Mer lys i parken" in page
    assert 'value="Ja" class="ds-input" required' in page or 'value="Ja"' in page and "checked" in page
    assert not Response.objects.exists()


def test_hidden_conditional_question_is_not_required_and_dropped(client, survey, questions, fast_forms):
    q = questions
    response = _public_post(client, survey, {
        q["age"].field_name: "13-15", q["heard"].field_name: "Nei", q["which"].field_name: ["Åpen hall"],
    })
    assert response.status_code == 302
    assert not Answer.objects.filter(question=q["which"]).exists()
    assert Response.objects.get().respondent_group == "youth"


def test_public_bot_protection(client, survey, questions, settings):
    settings.SURVEYS_MIN_FILL_SECONDS = 3
    data = {questions["age"].field_name: "26-66", questions["heard"].field_name: "Nei"}
    assert _public_post(client, survey, data).status_code == 400  # too fast
    settings.SURVEYS_MIN_FILL_SECONDS = 0
    assert _public_post(client, survey, {**data, "website": "spam"}).status_code == 400
    assert _public_post(client, survey, data, started="forged").status_code == 400
    assert not Response.objects.exists()


def test_public_answers_are_rate_limited(client, survey, questions, fast_forms, settings):
    settings.SURVEYS_ANSWER_RATE = "2/h"
    data = {questions["age"].field_name: "26-66", questions["heard"].field_name: "Nei"}
    assert [_public_post(client, survey, data).status_code for _ in range(3)] == [302, 302, 429]
    assert Response.objects.count() == 2


def test_closed_survey_says_so_and_accepts_nothing(client, survey, questions, fast_forms):
    survey.opens_at = timezone.now() - timedelta(days=10)
    survey.closes_at = timezone.now() - timedelta(days=1)
    survey.save()
    page = client.get(reverse("surveys:public", args=[survey.slug])).content.decode()
    assert "Undersøkelsen er stengt." in page and "<form method=\"post\" class" not in page
    response = _public_post(client, survey, {questions["age"].field_name: "26-66",
                                             questions["heard"].field_name: "Nei"})
    assert response.status_code == 409
    assert not Response.objects.exists()


def test_personal_link_saves_resumes_and_answers_once(client, survey, questions):
    recipient = RecipientFactory(survey=survey)
    url = reverse("surveys:personal", args=[recipient.token])
    q = questions
    # Half-finished: required questions may still be empty.
    response = client.post(url, {"action": "save", q["age"].field_name: "67+", q["idea"].field_name: "Mer lys"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Mer lys" in page and 'value="67+"' in page and "checked" in page
    # Submitting needs the required answers.
    response = client.post(url, {"action": "submit", q["age"].field_name: "67+"})
    assert response.status_code == 400
    response = client.post(url, {"action": "submit", q["age"].field_name: "67+", q["heard"].field_name: "Nei",
                                 q["idea"].field_name: "Mer lys"})
    assert response.status_code == 200 and "Takk" in response.content.decode()
    assert Response.objects.filter(completed=True).count() == 1
    assert Response.objects.get().recipient_id is None
    # The link answers once.
    page = client.get(url).content.decode()
    assert "allerede svart" in page
    client.post(url, {"action": "submit", q["age"].field_name: "26-66", q["heard"].field_name: "Ja"})
    assert Response.objects.count() == 1


def test_unknown_links_are_404(client):
    assert client.get(reverse("surveys:personal", args=["nope"])).status_code == 404
    assert client.get(reverse("surveys:public", args=["nope"])).status_code == 404


def test_free_text_becomes_an_insight_in_one_click(client_for, coordinator, survey, questions):
    from insights.models import Insight

    answer = make_responses(survey, [("adults", {questions["idea"]: "Flere voksne ute"})])[0].answers.get()
    client = client_for(coordinator)
    results = client.get(reverse("surveys:results", args=[survey.initiative_id, survey.pk])).content.decode()
    assert "Gjør om til innsikt" in results
    client.post(reverse("surveys:answer_to_insight", args=[survey.initiative_id, survey.pk, answer.pk]))
    insight = Insight.objects.get()
    assert insight.text == "Flere voksne ute" and survey.title in insight.source_description


def test_each_questions_answer_form_carries_a_token_the_csrf_check_accepts(coordinator, survey, questions):
    """The results page's answer forms come from Jinja2 partials, one per free-text question, sharing the
    request's one CSRF field (core templatetag jinja): a browser's post with it is accepted."""
    import re

    from django.test import Client

    from insights.models import Insight

    second = QuestionFactory(survey=survey, kind="long_text", text="Noe mer?")
    make_responses(survey, [("adults", {questions["idea"]: "Flere voksne ute", second: "Lys i parken"})])
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(coordinator)
    page = browser.get(reverse("surveys:results", args=[survey.initiative_id, survey.pk])).content.decode()
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert len(tokens) >= 2
    answer = survey.responses.get().answers.get(question=second)
    url = reverse("surveys:answer_to_insight", args=[survey.initiative_id, survey.pk, answer.pk])
    assert browser.post(url, {"csrfmiddlewaretoken": tokens[-1]}).status_code == 302
    assert Insight.objects.get().text == "Lys i parken"
    assert browser.post(url, {"csrfmiddlewaretoken": "feil"}).status_code == 403


def test_many_free_text_answers_become_insights_with_a_theme_in_one_step(
    client_for, coordinator, survey, questions, other_initiative
):
    from insights.models import Insight

    responses = make_responses(survey, [
        ("adults", {questions["idea"]: "Flere voksne ute"}),
        ("youth", {questions["idea"]: "Åpen hall på fredager"}),
        ("adults", {questions["idea"]: "Mer lys i parken"}),
    ])
    chosen = [r.answers.get().pk for r in responses[:2]]
    client = client_for(coordinator)
    url = reverse("surveys:answers_to_insights", args=[survey.initiative_id, survey.pk])
    results = client.get(reverse("surveys:results", args=[survey.initiative_id, survey.pk])).content.decode()
    assert f'name="answer" value="{chosen[0]}"' in results and "Gjør de valgte svarene om til innsikter" in results

    elsewhere = make_responses(SurveyFactory(initiative=other_initiative), [])  # another organisation's survey
    foreign = QuestionFactory(survey=SurveyFactory(initiative=other_initiative), kind="long_text", text="Annet")
    foreign_answer = make_responses(foreign.survey, [("adults", {foreign: "Hemmelig svar"})])[0].answers.get()
    refused = client.post(url, {"answer": [*chosen, foreign_answer.pk], "theme_name": "Møteplasser"}, follow=True)
    assert "Velg fritekstsvar fra denne undersøkelsen." in refused.content.decode() and not Insight.objects.exists()
    assert elsewhere == []

    done = client.post(url, {"answer": chosen, "theme_name": "Møteplasser"}, follow=True)
    assert "2 svar ble lagret som innsikter." in done.content.decode()
    insights = Insight.objects.order_by("text")
    assert [i.text for i in insights] == ["Flere voksne ute", "Åpen hall på fredager"]
    assert all(survey.title in i.source_description and questions["idea"].text in i.source_description for i in insights)
    assert {t for i in insights for t in i.themes.values_list("name", flat=True)} == {"Møteplasser"}
    assert not any(hasattr(i, "response_id") or hasattr(i, "answer_id") for i in insights)  # no way back to who

    again = client.post(url, {"answer": chosen, "theme_name": "Møteplasser"}, follow=True)  # a double click
    assert "De valgte svarene er allerede innsikter." in again.content.decode() and Insight.objects.count() == 2


def test_all_answers_with_a_word_become_insights_in_one_request_once(client_for, coordinator, survey, questions):
    from insights.models import Insight

    ideas = [f"Mer lys ved skolen nr. {n}" if n % 4 else f"Åpen hall nr. {n}" for n in range(160)]
    make_responses(survey, [("adults", {questions["idea"]: text}) for text in ideas])
    client = client_for(coordinator)
    results_url = reverse("surveys:results", args=[survey.initiative_id, survey.pk])
    page = client.get(results_url, {"ord": "LYS"}).content.decode()
    assert "Fritekstsvarene er de som inneholder «LYS»." in page and "Åpen hall nr." not in page
    assert "Gjør alle 120 svarene på dette spørsmålet til innsikter" in page  # 100 shown, 120 match
    url = reverse("surveys:answers_to_insights", args=[survey.initiative_id, survey.pk])
    data = {"all_of": questions["idea"].pk, "ord": "lys", "theme_name": "Belysning"}
    done = client.post(url, data, follow=True)
    assert "120 svar ble lagret som innsikter." in done.content.decode()
    assert Insight.objects.count() == 120 and not Insight.objects.filter(text__startswith="Åpen hall").exists()
    client.post(url, data)  # once: nothing more
    assert Insight.objects.count() == 120


def test_more_than_2000_at_once_is_refused_and_nothing_made(survey, questions):
    from dialogues.surveys import services
    from insights.models import Insight

    with pytest.raises(ValidationError, match="høyst 2000 svar"):
        services.insights_from_answers(survey=survey, answer_ids=range(1, 2002))
    assert not Insight.objects.exists()


def _many_responses(survey, questions, count):
    q = questions
    specs = []
    for i in range(count):
        youth = i % 10 == 0
        specs.append(("youth" if youth else "adults", {
            q["age"]: "13-15" if youth else "26-66", q["heard"]: "Ja" if i % 3 else "Nei",
            q["which"]: ["Natteravner", "Åpen hall"], q["safe"]: 1 + i % 5, q["idea"]: f"Tanke {i}",
        }))
    make_responses(survey, specs)


@pytest.mark.parametrize("count", [20, 2000])
def test_results_page_query_count_is_bounded(client_for, coordinator, survey, questions, count,
                                             django_assert_max_num_queries):
    _many_responses(survey, questions, count)
    client = client_for(coordinator)
    url = reverse("surveys:results", args=[survey.initiative_id, survey.pk])
    with django_assert_max_num_queries(24):
        response = client.get(url)
    assert response.status_code == 200
    assert f"{count} svar" in response.content.decode()
    with django_assert_max_num_queries(24):
        assert client.get(url + "?gruppe=youth").status_code == 200


def test_required_questions_are_marked_for_eyes_and_screen_readers(client, survey, questions):
    body = client.get(survey.get_public_url()).content.decode()

    def label_of(question):
        block = body.split(f'data-question="{question.field_name}"', 1)[1]
        return block.split("</legend>", 1)[0] if "<legend" in block.split("</label>", 1)[0] else block.split("</label>", 1)[0]

    assert "Spørsmål merket «må fylles ut» må besvares." in body
    assert "(må fylles ut)" in label_of(questions["age"]) and "(må fylles ut)" in label_of(questions["heard"])
    assert "(må fylles ut)" not in label_of(questions["safe"]) and "(må fylles ut)" not in label_of(questions["idea"])
    idea = body.split(f'name="{questions["idea"].field_name}"', 1)[1].split(">", 1)[0]
    assert "aria-required" not in idea


def test_a_required_text_question_carries_aria_required(client, survey):
    question = QuestionFactory(survey=survey, kind=QuestionKind.SHORT_TEXT, text="Hvor bor du?", choices=[], required=True)
    body = client.get(survey.get_public_url()).content.decode()
    assert f'name="{question.field_name}"' in body and 'aria-required="true"' in body


def test_a_class_of_400_answers_from_one_school_address(client, survey, questions, fast_forms):
    from innbyggerstemmen.core.bot_protection import form_timestamp

    url = reverse("surveys:public", args=[survey.slug])
    data = {"website": "", questions["age"].field_name: "13-15", questions["heard"].field_name: "Nei"}
    # Each pupil's phone loads the form (a token of its own, as the page hands out) and sends it.
    codes = {client.post(url, {**data, "started": form_timestamp()}, REMOTE_ADDR="192.0.2.10").status_code
             for _ in range(400)}
    assert codes == {302}
    assert Response.objects.count() == 400


def test_one_survey_has_a_ceiling_whatever_the_addresses(client, survey, questions, fast_forms, settings):
    settings.SURVEYS_ANSWER_SURVEY_RATE = "2/h"
    data = {questions["age"].field_name: "26-66", questions["heard"].field_name: "Nei"}
    url = reverse("surveys:public", args=[survey.slug])
    codes = [client.post(url, {"started": _fresh(), "website": "", **data}, REMOTE_ADDR=f"198.51.100.{n}").status_code
             for n in range(3)]
    assert codes == [302, 302, 429] and Response.objects.count() == 2


def _fresh():
    from innbyggerstemmen.core.bot_protection import form_timestamp

    return form_timestamp()


def test_a_double_submit_or_a_replayed_form_stores_one_answer(client, survey, questions, fast_forms):
    url = reverse("surveys:public", args=[survey.slug])
    started = client.get(url).context["form"].initial["started"]
    data = {"started": started, "website": "", questions["age"].field_name: "26-66", questions["heard"].field_name: "Nei"}
    responses = [client.post(url, data) for _ in range(3)]
    assert {r.status_code for r in responses} == {302} and {r["Location"] for r in responses} == {"/u/" + survey.slug + "/takk/"}
    assert Response.objects.count() == 1


def test_free_text_answers_follow_the_export_rule_on_the_results_page(client_for, viewer, editor, survey, questions):
    make_responses(survey, [("adults", {questions["idea"]: "Ring meg på 912 34 567, hilsen Kari"})])
    url = reverse("surveys:results", args=[survey.initiative_id, survey.pk])
    export = reverse("surveys:export_csv", args=[survey.initiative_id, survey.pk])
    as_viewer = client_for(viewer).get(url).content.decode()
    assert "912 34 567" not in as_viewer and "kan lese dem" in as_viewer
    assert client_for(viewer).get(export).status_code == 403  # the same rule for both
    assert "912 34 567" in client_for(editor).get(url).content.decode()


def test_pasting_the_list_again_says_truthfully_that_nothing_new_is_sent(client_for, coordinator, survey):
    client = client_for(coordinator)
    url = reverse("surveys:recipients_add", args=[survey.initiative_id, survey.pk])
    first = client.post(url, {"addresses": "kari@example.no\nola@example.no\nKari@example.no"}, follow=True)
    page = first.content.decode()
    assert "2 nye mottakere ble lagt til; invitasjonene er på vei." in page
    assert "1 adresse stod mer enn én gang i det du la inn, og ble telt én gang." in page
    assert len(mail.outbox) == 2
    again = client.post(url, {"addresses": "kari@example.no\nola@example.no"}, follow=True).content.decode()
    assert "2 adresser stod allerede på listen og fikk ingen ny invitasjon." in again
    assert "på vei" not in again and "0 nye" not in again
    assert len(mail.outbox) == 2


def test_a_huge_recipients_file_is_refused_before_it_is_read(client_for, coordinator, survey):
    url = reverse("surveys:recipients_add", args=[survey.initiative_id, survey.pk])
    huge = SimpleUploadedFile("mottakere.csv", b"a@example.no\n" * (4 * 1024 * 1024 // 13), content_type="text/csv")
    response = client_for(coordinator).post(url, {"csv_file": huge})
    assert response.status_code == 413
    assert "For stor" in response.content.decode() or "for stor" in response.content.decode()
    assert not Recipient.objects.exists()


def test_a_condition_is_chosen_from_the_options_and_may_match_several(client_for, coordinator, initiative):
    survey = SurveyFactory(initiative=initiative)
    age = services.question_create(survey=survey, kind="age_group", text="Hvor gammel er du?")
    heard = services.question_create(survey=survey, kind="single", text="Hørte du om det?", choices=["Ja", "Nei"])
    client = client_for(coordinator)
    url = reverse("surveys:questions", args=[initiative.pk, survey.pk])
    page = client.get(url).content.decode()
    # The options are offered as the respondent sees them, grouped under their question: nothing typed as a code.
    assert "1. Hvor gammel er du?" in page and f'value="{age.pk}:13-15"' in page and "13–15 år" in page
    client.post(url, {"kind": "short_text", "text": "Hva gjør du om kvelden?",
                      "show_if_values": [f"{age.pk}:13-15", f"{age.pk}:16-18"]})
    youth_only = survey.questions.get(text="Hva gjør du om kvelden?")
    assert (youth_only.show_if_question, youth_only.show_if_values) == (age, ["13-15", "16-18"])
    page = client.get(url).content.decode()
    assert "Vises bare hvis svaret på «Hvor gammel er du?» er en av: 13–15 år, 16–18 år." in page

    mixed = client.post(url, {"kind": "short_text", "text": "Blandet",
                              "show_if_values": [f"{age.pk}:13-15", f"{heard.pk}:Ja"]})
    assert mixed.status_code == 400 and "Velg alternativer fra ett spørsmål." in mixed.content.decode()
    assert not survey.questions.filter(text="Blandet").exists()


def test_a_question_for_youth_13_to_18_is_asked_of_both_youth_groups_only(survey, questions):
    from dialogues.surveys.forms import AnswerForm

    q = questions
    youth_only = services.question_create(survey=survey, kind="short_text", text="Hva gjør du om kvelden?",
                                          required=True, show_if_question=q["age"], show_if_values=["13-15", "16-18"])
    listed = list(survey.questions.select_related("show_if_question"))
    for age, asked in (("13-15", True), ("16-18", True), ("26-66", False)):
        form = AnswerForm({q["age"].field_name: age, q["heard"].field_name: "Nei"}, questions=listed)
        form.is_valid()
        assert (youth_only.field_name in form.errors) == asked, age
