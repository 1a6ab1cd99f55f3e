"""Access requests, erasure and retention of citizens' personal data, across the portal."""
import json
from datetime import date, timedelta

import pytest
from django.db import connection, transaction
from django.urls import reverse

from dialogues.models import Registration
from dialogues.surveys.models import Recipient
from initiatives.retention import personal_data_anonymise_expired, removal_date
from innbyggerstemmen.core.models import AuditEvent, OutgoingEmail
from innbyggerstemmen.core.services import email_queue
from tests.dialogues.factories import GroupFactory, MeetingFactory, RegistrationFactory
from tests.surveys.factories import RecipientFactory, SurveyFactory

EMAIL = "ungdom@example.no"


@pytest.fixture
def stored(initiative):
    meeting = MeetingFactory(initiative=initiative)
    registration = RegistrationFactory(
        meeting=meeting, email=EMAIL, name_or_nickname="Sommerfugl", age_group="13-15", area="Husøy", attended=True
    )
    recipient = RecipientFactory(survey=SurveyFactory(initiative=initiative), email=EMAIL)
    email_queue(to=EMAIL, subject="Takk for påmeldingen", body="Hei Sommerfugl")
    return registration, recipient


def test_national_team_finds_everything_stored_about_an_address(client, national, stored):
    client.force_login(national)
    page = client.get(reverse("data_request"), {"email": EMAIL}).content.decode()
    assert "Sommerfugl" in page and "Husøy" in page
    assert "Møtepåmeldinger" in page and "Invitasjoner til undersøkelser" in page and "Sendte e-poster" in page
    assert AuditEvent.objects.filter(action="personal_data_viewed", actor=national).exists()


def test_a_request_finds_the_address_in_any_case_through_an_index(client, national, stored):
    client.force_login(national)
    page = client.get(reverse("data_request"), {"email": EMAIL.upper()}).content.decode()
    assert "Sommerfugl" in page and "Takk for påmeldingen" in page
    if connection.vendor != "postgresql":  # SQLite answers iexact with LIKE, which its indexes do not serve
        return
    lookups = {
        "registration_email_ci_idx": Registration.objects.filter(email__iexact=EMAIL.upper()),
        "recipient_email_ci_idx": Recipient.objects.filter(email__iexact=EMAIL.upper()),
        "email_to_ci_idx": OutgoingEmail.objects.filter(to__iexact=EMAIL.upper()),
    }
    # A few rows and no statistics: forbid reading the whole table, as the planner avoids at national size.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plans = {index: queryset.explain() for index, queryset in lookups.items()}
    for index, plan in plans.items():
        assert index in plan, plan


def test_export_is_json_with_every_section(client, national, stored):
    client.force_login(national)
    response = client.post(reverse("data_request"), {"email": EMAIL, "action": "export"})
    data = json.loads(response.content)
    assert response["Content-Disposition"].startswith("attachment")
    assert {len(s["rows"]) for s in data["sections"]} == {1}
    assert data["sections"][0]["rows"][0]["name_or_nickname"] == "Sommerfugl"
    assert AuditEvent.objects.filter(action="personal_data_exported").exists()


def test_erasure_removes_the_person_and_keeps_the_counts(client, national, stored):
    registration, recipient = stored
    client.force_login(national)
    client.post(reverse("data_request"), {"email": EMAIL, "action": "erase"})

    registration.refresh_from_db()
    recipient.refresh_from_db()
    assert registration.name_or_nickname != "Sommerfugl" and registration.email != EMAIL and registration.area == ""
    assert registration.age_group == "13-15" and registration.attended  # aggregates unchanged
    assert recipient.email != EMAIL
    assert not OutgoingEmail.objects.filter(to=EMAIL).exists()
    event = AuditEvent.objects.get(action="personal_data_erased")
    assert EMAIL not in event.detail  # the log names the request, not the erased address

    page = client.get(reverse("data_request"), {"email": EMAIL}).content.decode()
    assert "Ingen opplysninger er lagret om denne adressen." in page


def test_only_the_national_team_handles_requests(client, coordinator, stored):
    client.force_login(coordinator)
    assert client.get(reverse("data_request"), {"email": EMAIL}).status_code == 403
    assert client.post(reverse("data_request"), {"email": EMAIL, "action": "erase"}).status_code == 403
    assert Registration.objects.filter(email=EMAIL).exists()


def test_retention_job_anonymises_after_the_initiative_ends_keeping_aggregates(initiative, settings, stored):
    settings.PERSONAL_DATA_RETENTION_DAYS = 90
    registration, recipient = stored
    GroupFactory(meeting=registration.meeting, facilitator="Kari Fasilitator")
    initiative.end_date = date(2026, 1, 1)
    initiative.save(update_fields=["end_date"])
    assert removal_date(initiative) == date(2026, 4, 1)

    assert personal_data_anonymise_expired(today=date(2026, 4, 1)) == 0  # not yet
    assert Registration.objects.filter(email=EMAIL).exists()

    touched = personal_data_anonymise_expired(today=date(2026, 4, 2))
    assert touched == 3  # registration, recipient, group leader names
    registration.refresh_from_db()
    assert registration.email.endswith("@anonymisert.invalid") and registration.age_group == "13-15"
    assert Registration.objects.filter(meeting=registration.meeting, attended=True).count() == 1
    assert not Recipient.objects.filter(email=EMAIL).exists()

    # Idempotent: a second run touches nothing and logs nothing new.
    assert personal_data_anonymise_expired(today=date(2026, 4, 3)) == 0
    assert AuditEvent.objects.filter(action="personal_data_anonymised").count() == 1


def test_retention_leaves_running_initiatives_alone(initiative, stored):
    initiative.end_date = date.today() + timedelta(days=10)
    initiative.save(update_fields=["end_date"])
    assert personal_data_anonymise_expired() == 0
    assert Registration.objects.filter(email=EMAIL).exists()


def test_coordinator_sees_removal_date_and_removes_early(client, coordinator, viewer, initiative, stored):
    initiative.end_date = date(2026, 1, 1)
    initiative.save(update_fields=["end_date"])
    client.force_login(viewer)
    assert client.post(reverse("initiatives:personal_data_remove", args=[initiative.pk])).status_code == 403
    client.force_login(coordinator)
    page = client.get(initiative.get_absolute_url()).content.decode()
    assert "1. april 2026" in page
    client.post(reverse("initiatives:personal_data_remove", args=[initiative.pk]))
    assert not Registration.objects.filter(email=EMAIL).exists()
    assert Registration.objects.filter(meeting__initiative=initiative).count() == 1


def test_a_past_removal_date_is_told_as_done_once_the_nightly_job_has_run(client, coordinator, initiative, stored):
    initiative.end_date = date(2026, 1, 1)  # removal 1 April 2026, in the past
    initiative.save(update_fields=["end_date"])
    client.force_login(coordinator)
    overdue = client.get(initiative.get_absolute_url()).content.decode()
    assert "skulle vært fjernet etter 1. april 2026" in overdue and "har aldri kjørt" in overdue
    assert "fjernes automatisk 1. april 2026" not in overdue  # no past date written as future

    personal_data_anonymise_expired()  # the nightly job runs
    done = client.get(initiative.get_absolute_url()).content.decode()
    assert "Lagringstiden gikk ut 1. april 2026" in done and "skulle vært fjernet" not in done


def test_a_future_removal_date_is_told_as_future(client, coordinator, initiative):
    initiative.end_date = date.today() + timedelta(days=10)
    initiative.save(update_fields=["end_date"])
    client.force_login(coordinator)
    assert "fjernes automatisk" in client.get(initiative.get_absolute_url()).content.decode()


def test_the_access_page_reads_in_norwegian_with_no_raw_keys_or_iso_stamps(client, national, stored):
    import re

    client.force_login(national)
    page = client.get(reverse("data_request"), {"email": EMAIL}).content.decode()
    headers = re.findall(r'<th scope="col">([^<]+)</th>', page)
    assert {"Undersøkelse", "Invitert", "Svart", "Emne", "Aldersgruppe"} <= set(headers)
    assert not {"survey", "invited", "answered", "age_group", "queued"} & set(headers)
    assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d", page)  # no ISO timestamps
    assert "13–15 år" in page and "Bekreftet" in page
