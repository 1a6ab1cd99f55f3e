from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from dialogues import services
from dialogues.models import Meeting, Registration, RegistrationStatus, ReminderSent
from dialogues.tasks import send_due_reminders
from initiatives.retention import personal_data_anonymise_expired
from innbyggerstemmen.core.models import AuditEvent, OutgoingEmail
from tests.dialogues.factories import GroupFactory, MeetingFactory, RegistrationFactory
from tests.factories import UserFactory


def sign_up(meeting, email="ida@example.no", **extra):
    fields = {"name_or_nickname": "Ida", "email": email, "age_group": "26-66", "consent": True, **extra}
    return services.registration_create(meeting=meeting, **fields)


def ics_of(message):
    return next(a for a in message.attachments if a[0].endswith(".ics"))


# Signup -----------------------------------------------------------------------------------


def test_signup_confirms_and_emails_a_calendar_file_and_personal_link(meeting):
    registration, created = sign_up(meeting, email=" Ida@Example.NO ")
    assert created and registration.status == RegistrationStatus.CONFIRMED
    assert registration.email == "ida@example.no"
    assert registration.consent_text_version == f"{services.CONSENT_TEXT_VERSION}/nb"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ida@example.no"]
    assert registration.manage_link in message.body
    assert meeting.meeting_link in message.body
    filename, content, mimetype = ics_of(message)
    assert mimetype == "text/calendar"
    assert "BEGIN:VEVENT" in content and meeting.title in content and meeting.meeting_link in content


def test_youth_consent_is_recorded_with_its_own_text_version(meeting):
    registration, _ = sign_up(meeting, age_group="13-15")
    assert registration.consent_text_version.endswith("-youth/nb")


def test_signup_without_consent_is_refused_and_stores_nothing(meeting):
    with pytest.raises(ValidationError):
        sign_up(meeting, consent=False)
    assert not Registration.objects.exists() and mail.outbox == []


def test_optional_answers_are_kept_only_when_the_meeting_asks_for_them(meeting):
    registration, _ = sign_up(meeting, area="Kaldnes", needs="Rullestol")
    assert registration.area == "" and registration.needs == ""
    meeting.ask_area = True
    meeting.save()
    registration, _ = sign_up(meeting, email="ola@example.no", area="Kaldnes")
    assert registration.area == "Kaldnes"


def test_full_meeting_puts_people_on_the_waiting_list_without_the_meeting_link(meeting):
    sign_up(meeting, email="a@example.no")
    sign_up(meeting, email="b@example.no")
    third, _ = sign_up(meeting, email="c@example.no")
    assert third.status == RegistrationStatus.WAITLISTED
    message = mail.outbox[-1]
    assert "venteliste" in message.subject.lower()
    assert meeting.meeting_link not in message.body
    assert meeting.meeting_link not in ics_of(message)[1]


def test_full_meeting_without_waitlist_is_closed(meeting):
    meeting.uses_waitlist = False
    meeting.save()
    sign_up(meeting, email="a@example.no")
    sign_up(meeting, email="b@example.no")
    with pytest.raises(services.SignupClosed):
        sign_up(meeting, email="c@example.no")
    assert meeting.registrations.count() == 2


def test_signup_after_the_deadline_is_closed(meeting):
    meeting.signup_deadline = timezone.now() - timedelta(minutes=1)
    meeting.save()
    with pytest.raises(services.SignupClosed):
        sign_up(meeting)
    assert not Registration.objects.exists()


def test_duplicate_email_registers_nothing_and_tells_only_that_address(meeting):
    first, _ = sign_up(meeting)
    mail.outbox.clear()
    again, created = sign_up(meeting, email="IDA@example.no", name_or_nickname="Noen andre")
    assert not created and again.pk == first.pk
    assert meeting.registrations.count() == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ida@example.no"]
    assert first.manage_link in mail.outbox[0].body


def test_database_refuses_two_active_registrations_with_the_same_email(meeting):
    RegistrationFactory(meeting=meeting, email="x@example.no")
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(meeting=meeting, email="x@example.no")
    RegistrationFactory(meeting=meeting, email="y@example.no", status=RegistrationStatus.CANCELLED)
    RegistrationFactory(meeting=meeting, email="y@example.no")  # a cancelled one does not block a new signup


def test_signing_up_again_after_cancelling_works(meeting):
    registration, _ = sign_up(meeting)
    services.registration_cancel(registration=registration)
    again, created = sign_up(meeting)
    assert created and again.pk != registration.pk


# Cancel and waitlist ------------------------------------------------------------------------


def test_cancel_promotes_the_first_on_the_waiting_list_and_tells_them(meeting):
    first, _ = sign_up(meeting, email="a@example.no")
    sign_up(meeting, email="b@example.no")
    waiting_1, _ = sign_up(meeting, email="c@example.no")
    sign_up(meeting, email="d@example.no")
    mail.outbox.clear()
    promoted = services.registration_cancel(registration=first)
    assert promoted.pk == waiting_1.pk
    waiting_1.refresh_from_db()
    first.refresh_from_db()
    assert first.status == RegistrationStatus.CANCELLED and first.cancelled_at
    assert waiting_1.status == RegistrationStatus.CONFIRMED
    assert [m.to for m in mail.outbox] == [["c@example.no"]]
    assert meeting.meeting_link in mail.outbox[0].body
    assert meeting.registrations.filter(status=RegistrationStatus.WAITLISTED).count() == 1


def test_cancelling_a_waiting_place_promotes_nobody(meeting):
    sign_up(meeting, email="a@example.no")
    sign_up(meeting, email="b@example.no")
    waiting, _ = sign_up(meeting, email="c@example.no")
    other_waiting, _ = sign_up(meeting, email="d@example.no")
    assert services.registration_cancel(registration=waiting) is None
    other_waiting.refresh_from_db()
    assert other_waiting.status == RegistrationStatus.WAITLISTED


def test_cancelling_twice_changes_nothing_the_second_time(meeting):
    registration, _ = sign_up(meeting)
    services.registration_cancel(registration=registration)
    assert services.registration_cancel(registration=registration) is None


# Reminders --------------------------------------------------------------------------------


def reminders_for(email):
    """The reminder e-mails actually delivered to an address."""
    subjects = set(
        OutgoingEmail.objects.filter(to=email, dedupe_key__startswith="dialogues:reminder:").values_list(
            "subject", flat=True
        )
    )
    return [m for m in mail.outbox if m.to == [email] and m.subject in subjects]


def test_reminder_task_run_twice_sends_one_email_per_registration_and_offset(initiative):
    meeting = MeetingFactory(initiative=initiative, starts_at=timezone.now() + timedelta(hours=40))
    people = RegistrationFactory.create_batch(3, meeting=meeting)
    send_due_reminders.delay()
    send_due_reminders.delay()
    for person in people:
        assert len(reminders_for(person.email)) == 1
    assert ReminderSent.objects.filter(offset_hours=48).count() == 3
    assert not ReminderSent.objects.filter(offset_hours=2).exists()  # not due yet
    # Later the 2-hour reminder comes, once.
    later = meeting.starts_at - timedelta(hours=1, minutes=55)
    assert services.reminders_send_due(now=later) == 3
    assert services.reminders_send_due(now=later) == 0
    for person in people:
        assert len(reminders_for(person.email)) == 2


def test_no_reminders_to_cancelled_or_waitlisted_registrations(initiative):
    meeting = MeetingFactory(initiative=initiative, starts_at=timezone.now() + timedelta(hours=1))
    confirmed = RegistrationFactory(meeting=meeting)
    cancelled = RegistrationFactory(meeting=meeting, status=RegistrationStatus.CANCELLED)
    waiting = RegistrationFactory(meeting=meeting, status=RegistrationStatus.WAITLISTED)
    send_due_reminders.delay()
    assert len(reminders_for(confirmed.email)) == 1  # both offsets were due: one e-mail covers them
    assert reminders_for(cancelled.email) == [] and reminders_for(waiting.email) == []


def test_someone_signing_up_after_a_reminder_time_gets_no_late_reminder(initiative):
    meeting = MeetingFactory(initiative=initiative, starts_at=timezone.now() + timedelta(hours=24))
    registration, _ = sign_up(meeting)
    send_due_reminders.delay()
    assert reminders_for(registration.email) == []
    assert services.reminders_send_due(now=meeting.starts_at - timedelta(hours=1)) == 1


def test_a_run_that_dies_mid_batch_resumes_without_sending_anything_twice(initiative):
    meeting = MeetingFactory(initiative=initiative, starts_at=timezone.now() + timedelta(hours=10))
    people = RegistrationFactory.create_batch(3, meeting=meeting)
    real_queue = services.email_queue_from_templates
    calls = {"n": 0}

    def dies_on_second(**kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("worker died")
        return real_queue(**kwargs)

    with mock.patch.object(services, "email_queue_from_templates", side_effect=dies_on_second):
        with pytest.raises(RuntimeError):
            services.reminders_send_due(chunk_size=1)
    assert ReminderSent.objects.count() == 1  # the dead chunk left no row behind
    services.reminders_send_due(chunk_size=1)
    services.reminders_send_due(chunk_size=1)
    for person in people:
        assert len(reminders_for(person.email)) == 1


def test_meeting_creation_checks_times_and_stores_a_short_unique_slug(initiative, coordinator):
    start = timezone.now() + timedelta(days=3)
    with pytest.raises(ValidationError) as error:
        services.meeting_create(
            initiative=initiative, title="X", starts_at=start, ends_at=start, meeting_link="https://m.example.no"
        )
    assert "ends_at" in error.value.message_dict
    meeting = services.meeting_create(
        initiative=initiative,
        user=coordinator,
        title="X",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        meeting_link="https://m.example.no",
        reminder_offsets=[2, 48, 2],
    )
    assert len(meeting.slug) == 7 and meeting.reminder_offsets == [48, 2]


def test_database_refuses_a_meeting_that_ends_before_it_starts(initiative):
    start = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(initiative=initiative, title="X", starts_at=start, ends_at=start - timedelta(hours=1))


# Running the meeting ------------------------------------------------------------------------


def test_follow_up_invites_only_those_who_agreed_once_each(meeting, coordinator):
    yes = RegistrationFactory(meeting=meeting, may_contact_again=True)
    RegistrationFactory(meeting=meeting, may_contact_again=False)
    RegistrationFactory(meeting=meeting, may_contact_again=True, status=RegistrationStatus.CANCELLED)
    start = timezone.now() + timedelta(days=90)
    follow_up, invited = services.meeting_create_follow_up(
        meeting=meeting,
        user=coordinator,
        title="Nærmiljøprat #2",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        meeting_link="https://m.example.no/2",
        capacity=50,
    )
    assert invited == 1 and follow_up.follow_up_of == meeting
    assert [m.to for m in mail.outbox] == [[yes.email]]
    assert follow_up.get_public_url() in mail.outbox[0].body


def test_groups_distribute_evenly_or_by_age(meeting):
    meeting.capacity = 100
    meeting.save()
    a, b = GroupFactory(meeting=meeting, name="A"), GroupFactory(meeting=meeting, name="B")
    ages = ["67+", "13-15", "67+", "13-15"]
    people = [RegistrationFactory(meeting=meeting, age_group=age) for age in ages]
    RegistrationFactory(meeting=meeting, status=RegistrationStatus.CANCELLED)
    assert services.groups_distribute(meeting=meeting, mode="even", who="confirmed") == 4
    assert a.registrations.count() == 2 and b.registrations.count() == 2
    services.groups_distribute(meeting=meeting, mode="age", who="confirmed")
    assert set(a.registrations.values_list("age_group", flat=True)) == {"13-15"}
    assert set(b.registrations.values_list("age_group", flat=True)) == {"67+"}
    assert len(people) == 4


def test_distributing_without_groups_is_refused(meeting):
    RegistrationFactory(meeting=meeting)
    with pytest.raises(ValidationError):
        services.groups_distribute(meeting=meeting, mode="even")


def test_at_the_meeting_only_those_checked_in_are_distributed_and_the_absent_leave_their_group(meeting):
    meeting.capacity = 100
    meeting.save()
    a, b = GroupFactory(meeting=meeting, name="A"), GroupFactory(meeting=meeting, name="B")
    came = RegistrationFactory.create_batch(3, meeting=meeting, attended=True)
    stayed_home = RegistrationFactory(meeting=meeting, group=a)
    assert services.groups_distribute(meeting=meeting, mode="even") == 3
    stayed_home.refresh_from_db()
    assert stayed_home.group is None
    assert sorted(r.group.name for r in Registration.objects.filter(pk__in=[p.pk for p in came])) == ["A", "A", "B"]
    assert b.registrations.count() == 1


def test_distributing_those_present_before_anyone_is_checked_in_says_so(meeting):
    GroupFactory(meeting=meeting, name="A")
    RegistrationFactory(meeting=meeting)
    with pytest.raises(ValidationError, match="Ingen er sjekket inn"):
        services.groups_distribute(meeting=meeting, mode="even")


def test_one_person_is_moved_between_groups_of_the_same_meeting_only(meeting, other_initiative):
    a, b = GroupFactory(meeting=meeting, name="A"), GroupFactory(meeting=meeting, name="B")
    person = RegistrationFactory(meeting=meeting, group=a)
    assert services.group_move(meeting=meeting, registration_id=str(person.pk), group_id=str(b.pk)).group == b
    assert services.group_move(meeting=meeting, registration_id=person.pk, group_id="").group is None
    elsewhere = MeetingFactory(initiative=other_initiative)
    foreign_group = GroupFactory(meeting=elsewhere, name="C")
    foreign_person = RegistrationFactory(meeting=elsewhere)
    with pytest.raises(ValidationError, match="gruppe i dette møtet"):
        services.group_move(meeting=meeting, registration_id=person.pk, group_id=foreign_group.pk)
    with pytest.raises(ValidationError, match="deltaker på dette møtet"):
        services.group_move(meeting=meeting, registration_id=foreign_person.pk, group_id=a.pk)
    with pytest.raises(ValidationError):
        services.group_move(meeting=meeting, registration_id="x", group_id=a.pk)
    person.refresh_from_db(), foreign_person.refresh_from_db()
    assert person.group is None and foreign_person.group is None


def test_a_groups_facilitator_with_an_account_must_be_a_partner_of_the_initiative(meeting, facilitator, coordinator):
    group = services.group_create(meeting=meeting, name="A", facilitator_user=facilitator)
    assert group.facilitator_name == facilitator.get_full_name()
    with pytest.raises(ValidationError) as error:
        services.group_create(meeting=meeting, name="B", facilitator_user=UserFactory(email="fremmed@example.no"))
    assert "facilitator_user" in error.value.message_dict


def test_message_goes_to_each_confirmed_participant_separately(meeting, coordinator):
    people = RegistrationFactory.create_batch(2, meeting=meeting)
    RegistrationFactory(meeting=meeting, status=RegistrationStatus.WAITLISTED)
    RegistrationFactory(meeting=meeting, status=RegistrationStatus.CANCELLED)
    message = services.meeting_message_send(
        meeting=meeting, subject="Praktisk info", body="Ta med kaffe", sent_by=coordinator
    )
    assert message.recipient_count == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
    assert all("Ta med kaffe" in m.body and m.subject == "Praktisk info" for m in mail.outbox)


def test_personal_data_is_removed_when_the_retention_period_ends(initiative):
    past = timezone.now() - timedelta(days=400)
    old = MeetingFactory(initiative=initiative, starts_at=past, retention_months=6)
    recent = MeetingFactory(initiative=initiative, starts_at=timezone.now() - timedelta(days=30), retention_months=6)
    expired = RegistrationFactory(meeting=old, email="gammel@example.no", area="Eik", age_group="13-15")
    kept = RegistrationFactory(meeting=recent, email="ny@example.no")
    old_token = expired.token
    # The one nightly retention job keeps the meeting's promise, and logs it once.
    assert personal_data_anonymise_expired() == 1
    assert personal_data_anonymise_expired() == 0
    assert AuditEvent.objects.filter(action="personal_data_anonymised").count() == 1
    expired.refresh_from_db()
    kept.refresh_from_db()
    assert "gammel" not in expired.email and expired.area == "" and expired.token != old_token
    assert expired.age_group == "13-15"  # the count by age group survives
    assert kept.email == "ny@example.no"



def test_the_retention_job_costs_the_same_queries_for_two_long_ended_meetings_as_for_twelve(initiative):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    past = timezone.now() - timedelta(days=400)

    def nightly_run_after(meetings: int) -> tuple[int, int]:
        for n in range(meetings):
            RegistrationFactory(meeting=MeetingFactory(initiative=initiative, starts_at=past - timedelta(days=n)))
        with CaptureQueriesContext(connection) as queries:
            anonymised = personal_data_anonymise_expired()
        return anonymised, len(queries)

    # A district's thousands of long-anonymised meetings once cost a query each, every night.
    personal_data_anonymise_expired()  # the first run records the job's row; later runs update it
    few, many = nightly_run_after(2), nightly_run_after(12)
    assert few[0] == 2 and many[0] == 12
    assert few[1] == many[1]
    recent = RegistrationFactory(meeting=MeetingFactory(initiative=initiative, starts_at=timezone.now()))
    assert personal_data_anonymise_expired() == 0
    recent.refresh_from_db()
    assert not recent.email.endswith("anonymisert.invalid")
