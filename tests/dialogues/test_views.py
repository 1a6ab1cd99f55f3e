import csv
import io
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from dialogues.models import Meeting, Registration, RegistrationStatus
from dialogues.views import PARTICIPANTS_PER_PAGE
from innbyggerstemmen.core.models import AuditEvent
from tests.dialogues.factories import GroupFactory, MeetingFactory, RegistrationFactory
from tests.factories import UserFactory

# (url name, needs a registration/group argument, method, permission level)
# level "view": every invited person; "change": coordinators, editors and facilitators.
OBJECT_URLS = [
    ("meeting_detail", None, "get", "view"),
    ("meeting_qr_svg", None, "get", "view"),
    ("meeting_edit", None, "get", "change"),
    ("meeting_follow_up", None, "get", "change"),
    ("participants", None, "get", "change"),
    ("participants_export", None, "get", "change"),
    ("attendance_toggle", "registration", "post", "change"),
    ("groups", None, "get", "change"),
    ("groups_distribute", None, "post", "change"),
    ("group_delete", "group", "post", "change"),
    ("message_send", None, "get", "change"),
]
INITIATIVE_URLS = [("meeting_list", "get", "view"), ("meeting_create", "get", "change")]


@pytest.fixture
def registration(meeting):
    return RegistrationFactory(meeting=meeting, email="ida@example.no", name_or_nickname="Ida")


@pytest.fixture
def group(meeting):
    return GroupFactory(meeting=meeting, name="Gruppe 1")


def object_url(name, extra, meeting, registration, group):
    args = [meeting.initiative_id, meeting.pk]
    if name == "meeting_qr_svg":
        return reverse("dialogues:meeting_qr", args=[*args, "svg"])
    if extra == "registration":
        args.append(registration.pk)
    elif extra == "group":
        args.append(group.pk)
    return reverse(f"dialogues:{name}", args=args)


def call(client, method, url):
    return client.post(url, {"attended": "1", "mode": "even"}) if method == "post" else client.get(url)


@pytest.mark.parametrize(("name", "extra", "method", "level"), OBJECT_URLS)
def test_object_urls_are_guarded(
    client, client_for, meeting, registration, group, name, extra, method, level, request
):
    url = object_url(name, extra, meeting, registration, group)
    response = call(client, method, url)
    assert response.status_code == 302 and "/konto/login/" in response["Location"]
    for outsider in ("other_coordinator", "stranger"):
        assert call(client_for(request.getfixturevalue(outsider)), method, url).status_code == 404
    viewer_response = call(client_for(request.getfixturevalue("viewer")), method, url)
    assert viewer_response.status_code == (403 if level == "change" else 200)
    allowed = call(client_for(request.getfixturevalue("facilitator")), method, url)
    assert allowed.status_code == (302 if method == "post" else 200)  # a page, or the redirect after doing it


@pytest.mark.parametrize(("name", "method", "level"), INITIATIVE_URLS)
def test_initiative_level_urls_are_guarded(client, client_for, initiative, name, method, level, request):
    url = reverse(f"dialogues:{name}", args=[initiative.pk])
    assert call(client, method, url).status_code == 302
    for outsider in ("other_coordinator", "stranger"):
        assert call(client_for(request.getfixturevalue(outsider)), method, url).status_code == 404
    assert call(client_for(request.getfixturevalue("viewer")), method, url).status_code == (
        403 if level == "change" else 200
    )


def test_a_meeting_of_another_initiative_is_not_found_through_this_one(
    client_for, coordinator, initiative, other_initiative
):
    foreign = MeetingFactory(initiative=other_initiative)
    url = reverse("dialogues:meeting_detail", args=[initiative.pk, foreign.pk])
    assert client_for(coordinator).get(url).status_code == 404


def meeting_post(**overrides):
    start = timezone.localtime() + timedelta(days=10)
    data = {
        "title": "Nærmiljøprat i Eik",
        "description": "Vi snakker om en god sommer.",
        "format": "digital",
        "meeting_link": "https://meet.example.no/eik",
        "starts_at": start.strftime("%Y-%m-%dT18:00"),
        "ends_at": start.strftime("%Y-%m-%dT19:30"),
        "capacity": "40",
        "uses_waitlist": "on",
        "reminder_offsets": "48, 2",
        "retention_months": "6",
    }
    data.update(overrides)
    return data


def test_coordinator_creates_a_meeting_with_a_public_link(client_for, coordinator, initiative):
    client = client_for(coordinator)
    response = client.post(reverse("dialogues:meeting_create", args=[initiative.pk]), meeting_post())
    meeting = Meeting.objects.get(title="Nærmiljøprat i Eik")
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    assert timezone.localtime(meeting.starts_at).hour == 18
    assert meeting.reminder_offsets == [48, 2]
    page = client.get(meeting.get_absolute_url())
    assert meeting.public_link in page.content.decode()


def test_a_meeting_form_shows_the_missing_title_and_the_wrong_end_together(client_for, coordinator, initiative):
    early = (timezone.localtime() + timedelta(days=10)).strftime("%Y-%m-%dT17:00")
    response = client_for(coordinator).post(
        reverse("dialogues:meeting_create", args=[initiative.pk]), meeting_post(title="", ends_at=early)
    )
    errors = response.context["form"].errors
    assert response.status_code == 200 and "title" in errors
    assert errors["ends_at"] == ["Møtet må slutte etter at det starter."]
    assert not Meeting.objects.exists()


@pytest.mark.parametrize(
    "overrides",
    [
        {"ends_at": (timezone.localtime() + timedelta(days=10)).strftime("%Y-%m-%dT17:00")},
        {"capacity": "0"},
        {"meeting_link": ""},
        {"reminder_offsets": "to dager"},
    ],
)
def test_invalid_meeting_is_not_saved_and_the_form_says_why(client_for, coordinator, initiative, overrides):
    response = client_for(coordinator).post(
        reverse("dialogues:meeting_create", args=[initiative.pk]), meeting_post(**overrides)
    )
    assert response.status_code == 200
    assert "data-error-summary" in response.content.decode()
    assert not Meeting.objects.exists()


def test_editing_a_meeting_saves_changes(client_for, editor, meeting):
    url = reverse("dialogues:meeting_edit", args=[meeting.initiative_id, meeting.pk])
    response = client_for(editor).post(url, meeting_post(title="Nytt navn", capacity="5"))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.title, meeting.capacity) == ("Nytt navn", 5)


def test_qr_codes_are_images(client_for, coordinator, meeting):
    client = client_for(coordinator)
    svg = client.get(reverse("dialogues:meeting_qr", args=[meeting.initiative_id, meeting.pk, "svg"]))
    png = client.get(reverse("dialogues:meeting_qr", args=[meeting.initiative_id, meeting.pk, "png"]))
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    assert png["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG")


def test_every_view_of_the_participant_list_is_logged(client_for, facilitator, meeting, registration):
    client = client_for(facilitator)
    url = reverse("dialogues:participants", args=[meeting.initiative_id, meeting.pk])
    response = client.get(url)
    assert "ida@example.no" in response.content.decode()
    client.get(url)
    views = AuditEvent.objects.filter(
        actor=facilitator, action="personal_data_viewed", object_type="dialogues.Meeting", object_id=str(meeting.pk)
    )
    assert views.count() == 2


def test_csv_export_contains_the_participants_and_is_logged(client_for, coordinator, meeting, registration):
    RegistrationFactory(meeting=meeting, name_or_nickname="=HYPERLINK(\"x\")")
    response = client_for(coordinator).get(
        reverse("dialogues:participants_export", args=[meeting.initiative_id, meeting.pk])
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 3 and rows[1][1] == "ida@example.no"
    assert rows[2][0].startswith("'=")  # a formula is shown as text, not run
    assert AuditEvent.objects.filter(actor=coordinator, action="personal_data_exported").count() == 1


def test_check_in_with_htmx_returns_the_updated_row(client_for, facilitator, meeting, registration):
    url = reverse("dialogues:attendance_toggle", args=[meeting.initiative_id, meeting.pk, registration.pk])
    response = client_for(facilitator).post(url, {"attended": "1"}, headers={"HX-Request": "true"})
    registration.refresh_from_db()
    assert registration.attended
    body = response.content.decode()
    assert body.strip().startswith("<tr") and 'aria-pressed="true"' in body


def test_check_in_without_javascript_redirects_back_to_the_list(client_for, facilitator, meeting, registration):
    registration.attended = True
    registration.save()
    url = reverse("dialogues:attendance_toggle", args=[meeting.initiative_id, meeting.pk, registration.pk])
    response = client_for(facilitator).post(url, {"attended": "0"})
    assert response.status_code == 302
    assert reverse("dialogues:participants", args=[meeting.initiative_id, meeting.pk]) in response["Location"]
    registration.refresh_from_db()
    assert not registration.attended


@pytest.mark.parametrize("count", [10, 500])
def test_participant_list_query_count_does_not_grow(
    client_for, coordinator, initiative, count, django_assert_max_num_queries
):
    meeting = MeetingFactory(initiative=initiative, capacity=1000, ask_area=True)
    groups = [GroupFactory(meeting=meeting) for _ in range(3)]
    Registration.objects.bulk_create(
        [
            Registration(
                meeting=meeting,
                name_or_nickname=f"Person {i}",
                email=f"p{i}@example.no",
                age_group="26-66",
                consent_given_at=timezone.now(),
                consent_text_version="test",
                group=groups[i % 3],
                status=RegistrationStatus.WAITLISTED if i % 7 == 0 else RegistrationStatus.CONFIRMED,
            )
            for i in range(count)
        ]
    )
    client = client_for(coordinator)
    url = reverse("dialogues:participants", args=[initiative.pk, meeting.pk])
    with django_assert_max_num_queries(10):
        response = client.get(url)
    html = response.content.decode()
    assert html.count('id="registration-') == min(count, PARTICIPANTS_PER_PAGE)
    assert ('rel="next"' in html) == (count > PARTICIPANTS_PER_PAGE)
    if count > PARTICIPANTS_PER_PAGE:
        with django_assert_max_num_queries(10):
            last = client.get(url, {"page": count // PARTICIPANTS_PER_PAGE}).content.decode()
        assert last.count('id="registration-') == PARTICIPANTS_PER_PAGE and 'rel="next"' not in last


def test_groups_are_created_and_filled_through_the_pages(client_for, facilitator, meeting, registration):
    client = client_for(facilitator)
    url = reverse("dialogues:groups", args=[meeting.initiative_id, meeting.pk])
    assert client.post(url, {"name": "Gruppe A", "facilitator": "Kari", "note_taker": "Per"}).status_code == 302
    assert client.post(url, {"name": "gruppe a"}).status_code == 400  # same name twice is refused
    client.post(
        reverse("dialogues:groups_distribute", args=[meeting.initiative_id, meeting.pk]),
        {"mode": "age", "who": "confirmed"},
    )
    registration.refresh_from_db()
    assert registration.group.name == "Gruppe A"
    assert "Ida" in client.get(url).content.decode()


def test_the_groups_page_offers_partners_as_facilitators_and_moves_one_person(
    client_for, coordinator, facilitator, meeting, registration
):
    client = client_for(coordinator)
    url = reverse("dialogues:groups", args=[meeting.initiative_id, meeting.pk])
    page = client.get(url).content.decode()
    assert f'<option value="{facilitator.pk}">' in page and "Fasilitator blant partnerne" in page
    client.post(url, {"name": "A", "facilitator_user": facilitator.pk})
    client.post(url, {"name": "B", "facilitator": "Ola fra frivilligsentralen"})
    a, b = meeting.groups.order_by("name")
    assert a.facilitator_user == facilitator
    outsider = UserFactory(email="utenfor@example.no")
    refused = client.post(url, {"name": "C", "facilitator_user": outsider.pk})
    assert refused.status_code == 400 and not meeting.groups.filter(name="C").exists()
    move = reverse("dialogues:group_move", args=[meeting.initiative_id, meeting.pk])
    response = client.post(move, {"registration": registration.pk, "group": b.pk}, follow=True)
    registration.refresh_from_db()
    assert registration.group == b
    assert f"{registration.name_or_nickname} ble flyttet til B." in response.content.decode()
    page = response.content.decode()
    assert "Ola fra frivilligsentralen" in page and facilitator.get_full_name() in page


def test_message_page_queues_one_email_per_participant(client_for, editor, meeting, registration):
    RegistrationFactory(meeting=meeting, email="ola@example.no")
    url = reverse("dialogues:message_send", args=[meeting.initiative_id, meeting.pk])
    response = client_for(editor).post(url, {"subject": "Lenke kommer", "body": "Vi starter presis."})
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == ["ida@example.no", "ola@example.no"]


def test_follow_up_page_creates_the_meeting_and_invites_in_one_step(client_for, coordinator, meeting):
    RegistrationFactory(meeting=meeting, email="igjen@example.no", may_contact_again=True)
    RegistrationFactory(meeting=meeting, email="ikke@example.no", may_contact_again=False)
    client = client_for(coordinator)
    url = reverse("dialogues:meeting_follow_up", args=[meeting.initiative_id, meeting.pk])
    assert meeting.title in client.get(url).content.decode()
    response = client.post(url, meeting_post(title="Nærmiljøprat #2"))
    follow_up = Meeting.objects.get(title="Nærmiljøprat #2")
    assert response.status_code == 302 and follow_up.follow_up_of == meeting
    assert [m.to for m in mail.outbox] == [["igjen@example.no"]]


def test_participant_search_finds_by_name_and_check_in_returns_to_it(client_for, facilitator, meeting, registration):
    RegistrationFactory(meeting=meeting, name_or_nickname="Ola Nordmann")
    client = client_for(facilitator)
    url = reverse("dialogues:participants", args=[meeting.initiative_id, meeting.pk])
    html = client.get(url, {"q": "ola"}).content.decode()
    assert "Ola Nordmann" in html and "ida@example.no" not in html
    toggle = reverse("dialogues:attendance_toggle", args=[meeting.initiative_id, meeting.pk, registration.pk])
    assert f'action="{toggle}"' in client.get(url).content.decode()
    response = client.post(toggle, {"attended": "1", "q": "ida"})
    assert response["Location"] == f"{url}?q=ida#registration-{registration.pk}"


def test_a_participant_row_gives_age_group_status_and_check_in_in_norwegian(client_for, coordinator, meeting):
    RegistrationFactory(meeting=meeting, name_or_nickname="Kari Nordmann", age_group="13-15",
                        status=RegistrationStatus.WAITLISTED)
    page = client_for(coordinator).get(
        reverse("dialogues:participants", args=[meeting.initiative_id, meeting.pk])
    ).content.decode()
    row = page[page.index("Kari Nordmann"):]
    row = row[: row.index("</tr>")]
    for text in ("13–15 år", "På venteliste", "Registrer oppmøte", 'name="csrfmiddlewaretoken"'):
        assert text in row


def test_a_meeting_outside_the_initiative_period_is_saved_with_a_warning(client_for, coordinator, initiative):
    from datetime import date

    initiative.start_date, initiative.end_date = date(2026, 1, 1), date(2026, 12, 31)
    initiative.save()
    client = client_for(coordinator)
    outside = meeting_post(starts_at="2027-06-10T18:00", ends_at="2027-06-10T19:30")
    page = client.post(reverse("dialogues:meeting_create", args=[initiative.pk]), outside, follow=True)
    body = page.content.decode()
    assert Meeting.objects.filter(title="Nærmiljøprat i Eik").exists()
    assert "utenfor initiativets periode (1. januar 2026 – 31. desember 2026)" in body
    assert "10. juni 2027" in body

    inside = meeting_post(title="Innenfor", starts_at="2026-12-20T18:00", ends_at="2026-12-20T19:30")
    body = client.post(reverse("dialogues:meeting_create", args=[initiative.pk]), inside, follow=True).content.decode()
    assert "utenfor initiativets periode" not in body
