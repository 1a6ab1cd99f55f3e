"""The citizens' pages: the public signup page and the personal link."""
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from dialogues.models import Registration, RegistrationStatus
from tests.dialogues.factories import RegistrationFactory


def signup_data(client, meeting, **overrides):
    """What a person fills in, plus the hidden fields the page handed out."""
    page = client.get(meeting.get_public_url())
    started = page.context["form"]["started"].value()
    data = {
        "name_or_nickname": "Ida",
        "email": "ida@example.no",
        "age_group": "16-18",
        "consent": "on",
        "website": "",
        "started": started,
    }
    data.update(overrides)
    return data


def test_public_page_says_who_invites_and_what_data_is_kept_without_revealing_the_link(client, meeting):
    response = client.get(meeting.get_public_url())
    body = response.content.decode()
    assert response.status_code == 200
    assert meeting.initiative.owner_organisation.name in body
    assert meeting.title in body
    assert meeting.meeting_link not in body
    assert 'name="website"' in body and 'class="hp-field"' in body


def test_unknown_public_address_is_not_found(client, db):
    assert client.get(reverse("dialogues:public_meeting", args=["finnesikke"])).status_code == 404


def test_signing_up_on_the_public_page(client, meeting, fast_forms):
    response = client.post(meeting.get_public_url(), signup_data(client, meeting, may_contact_again="on"))
    assert response.status_code == 302
    assert response["Location"] == reverse("dialogues:public_thanks", args=[meeting.slug])
    registration = Registration.objects.get()
    assert registration.may_contact_again and registration.age_group == "16-18"
    assert len(mail.outbox) == 1 and mail.outbox[0].attachments


def test_a_duplicate_signup_gets_the_same_answer_and_changes_nothing(client, meeting, fast_forms):
    first = client.post(meeting.get_public_url(), signup_data(client, meeting))
    second = client.post(meeting.get_public_url(), signup_data(client, meeting, name_or_nickname="Noen andre"))
    assert first.status_code == second.status_code == 302 and first["Location"] == second["Location"]
    assert Registration.objects.get().name_or_nickname == "Ida"
    assert [m.to for m in mail.outbox] == [["ida@example.no"], ["ida@example.no"]]


def test_missing_consent_shows_an_error_and_stores_nothing(client, meeting, fast_forms):
    data = signup_data(client, meeting)
    del data["consent"]
    response = client.post(meeting.get_public_url(), data)
    assert response.status_code == 400
    assert "data-error-summary" in response.content.decode()
    assert not Registration.objects.exists()


def test_honeypot_filled_in_is_refused(client, meeting, fast_forms):
    response = client.post(meeting.get_public_url(), signup_data(client, meeting, website="http://spam.example"))
    assert response.status_code == 400
    assert not Registration.objects.exists() and mail.outbox == []


def test_a_form_sent_too_fast_is_refused_and_can_be_sent_again(client, meeting, settings):
    settings.DIALOGUES_SIGNUP_MIN_SECONDS = 60
    response = client.post(meeting.get_public_url(), signup_data(client, meeting))
    assert response.status_code == 400
    assert not Registration.objects.exists()
    # The page hands out a fresh timestamp, so a person who waits can send the same answers again.
    assert response.context["form"]["started"].value()
    settings.DIALOGUES_SIGNUP_MIN_SECONDS = 0
    again = client.post(meeting.get_public_url(), {**signup_data(client, meeting)})
    assert again.status_code == 302


def test_a_form_without_a_valid_timestamp_is_refused(client, meeting, fast_forms):
    response = client.post(meeting.get_public_url(), signup_data(client, meeting, started="forfalsket"))
    assert response.status_code == 400 and not Registration.objects.exists()


def test_signups_are_rate_limited_per_ip(client, meeting, fast_forms, settings):
    settings.DIALOGUES_SIGNUP_RATE = "2/h"
    meeting.capacity = 10
    meeting.save()
    for n in range(2):
        response = client.post(meeting.get_public_url(), signup_data(client, meeting, email=f"p{n}@example.no"))
        assert response.status_code == 302
    blocked = client.post(meeting.get_public_url(), signup_data(client, meeting, email="p3@example.no"))
    assert blocked.status_code == 429
    assert Registration.objects.count() == 2
    other_ip = client.post(
        meeting.get_public_url(), signup_data(client, meeting, email="p4@example.no"), REMOTE_ADDR="10.0.0.9"
    )
    assert other_ip.status_code == 302


def test_after_the_deadline_the_page_says_signup_is_closed(client, meeting, fast_forms):
    meeting.signup_deadline = timezone.now() - timedelta(hours=1)
    meeting.save()
    page = client.get(meeting.get_public_url())
    assert page.context["closed_reason"] and 'name="email"' not in page.content.decode()
    response = client.post(meeting.get_public_url(), signup_data(client, meeting))
    assert response.status_code == 409 and not Registration.objects.exists()


def test_full_meeting_without_waitlist_is_closed_with_a_message(client, meeting, fast_forms):
    meeting.uses_waitlist = False
    meeting.save()
    RegistrationFactory.create_batch(2, meeting=meeting)
    page = client.get(meeting.get_public_url())
    assert page.context["closed_reason"]
    assert client.post(meeting.get_public_url(), signup_data(client, meeting)).status_code == 409


def test_personal_link_shows_the_meeting_link_only_with_a_place(client, meeting):
    confirmed = RegistrationFactory(meeting=meeting)
    waiting = RegistrationFactory(meeting=meeting, status=RegistrationStatus.WAITLISTED)
    assert meeting.meeting_link in client.get(confirmed.get_manage_url()).content.decode()
    assert meeting.meeting_link not in client.get(waiting.get_manage_url()).content.decode()


def test_cancelling_with_the_personal_link_promotes_the_waiting_list(client, meeting):
    confirmed = RegistrationFactory(meeting=meeting)
    RegistrationFactory(meeting=meeting)
    waiting = RegistrationFactory(meeting=meeting, status=RegistrationStatus.WAITLISTED)
    response = client.post(confirmed.get_manage_url(), {"action": "cancel"})
    assert response.status_code == 302
    confirmed.refresh_from_db()
    waiting.refresh_from_db()
    assert confirmed.status == RegistrationStatus.CANCELLED
    assert waiting.status == RegistrationStatus.CONFIRMED
    assert [m.to for m in mail.outbox] == [[waiting.email]]


@pytest.mark.parametrize("token", ["feil", "x" * 43])
def test_unknown_personal_link_is_not_found(client, db, token):
    assert client.get(reverse("dialogues:manage_registration", args=[token])).status_code == 404


def test_withdrawing_consent_through_the_personal_link_deletes_the_data_and_says_so(client, initiative):
    from dialogues.models import Registration
    from innbyggerstemmen.core.models import AuditEvent
    from tests.dialogues.factories import MeetingFactory, RegistrationFactory

    meeting = MeetingFactory(initiative=initiative)
    registration = RegistrationFactory(meeting=meeting, name_or_nickname="Sommerfugl", email="ung@example.no", age_group="13-15")
    old_token = registration.token
    response = client.post(f"/m/p/{old_token}/", {"action": "withdraw"})
    assert response.status_code == 200
    assert "Opplysningene dine er slettet" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == "cancelled"
    assert registration.name_or_nickname != "Sommerfugl" and registration.email != "ung@example.no"
    assert registration.age_group == "13-15"  # the anonymous count stays
    assert Registration.objects.filter(meeting=meeting).count() == 1
    assert AuditEvent.objects.filter(action="personal_data_erased").exists()
    # The old link is dead.
    assert client.get(f"/m/p/{old_token}/").status_code == 404


def test_signing_up_for_a_full_meeting_says_so_on_the_page_with_the_place_in_the_queue(client, meeting, fast_forms):
    RegistrationFactory.create_batch(2, meeting=meeting)  # capacity 2: full
    RegistrationFactory(meeting=meeting, status=RegistrationStatus.WAITLISTED)
    response = client.post(meeting.get_public_url(), signup_data(client, meeting), follow=True)
    body = response.content.decode()
    assert "Du står på venteliste" in body
    assert "Du er nummer 2 i køen for en plass." in body
    assert "Takk! Du har fått plass" not in body


def test_signing_up_with_a_free_seat_says_the_place_is_yours(client, meeting, fast_forms):
    body = client.post(meeting.get_public_url(), signup_data(client, meeting), follow=True).content.decode()
    assert "Takk! Du har fått plass" in body and "venteliste" not in body.split("<main")[1].split("</h1>")[0]


def test_the_personal_link_shows_the_place_in_the_queue(client, meeting):
    RegistrationFactory.create_batch(2, meeting=meeting)
    RegistrationFactory(meeting=meeting, status=RegistrationStatus.WAITLISTED)
    second = RegistrationFactory(meeting=meeting, status=RegistrationStatus.WAITLISTED)
    assert "nummer 2 i køen" in client.get(second.get_manage_url()).content.decode()


def test_a_cancelled_registration_reads_avmeldt_and_the_page_says_what_is_kept(client, meeting):
    registration = RegistrationFactory(meeting=meeting)
    before = client.get(registration.get_manage_url()).content.decode()
    # What the page promises: cancelling keeps the name on the organisers' list, withdrawing deletes it.
    assert "Arrangørene ser da at du er avmeldt" in before and "trekker du samtykket" in before
    client.post(registration.get_manage_url(), {"action": "cancel"})
    registration.refresh_from_db()
    after = client.get(registration.get_manage_url()).content.decode()
    assert registration.status == RegistrationStatus.CANCELLED and registration.email  # kept, as the page said
    assert "Status: Avmeldt" in after and "Avlyst" not in after


def test_a_school_behind_one_address_can_all_sign_up(client, meeting, fast_forms):
    meeting.capacity = 400
    meeting.save()
    for n in range(60):  # the default per-address limit is sized for 400 pupils; 60 keep the test quick
        response = client.post(meeting.get_public_url(), signup_data(client, meeting, email=f"elev{n}@example.no"))
        assert response.status_code == 302, n
    assert Registration.objects.count() == 60


def test_behind_the_proxy_each_citizen_has_their_own_limit(client, meeting, fast_forms, settings):
    settings.DIALOGUES_SIGNUP_RATE = "1/h"
    settings.TRUSTED_PROXY_COUNT = 1
    meeting.capacity = 10
    meeting.save()
    proxy = {"REMOTE_ADDR": "172.18.0.5"}
    first = client.post(meeting.get_public_url(), signup_data(client, meeting, email="a@example.no"),
                        HTTP_X_FORWARDED_FOR="198.51.100.1", **proxy)
    second = client.post(meeting.get_public_url(), signup_data(client, meeting, email="b@example.no"),
                         HTTP_X_FORWARDED_FOR="198.51.100.2", **proxy)
    again = client.post(meeting.get_public_url(), signup_data(client, meeting, email="c@example.no"),
                        HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.1", **proxy)  # a spoofed entry changes nothing
    assert (first.status_code, second.status_code, again.status_code) == (302, 302, 429)


def test_one_meeting_has_a_ceiling_whatever_the_addresses(client, meeting, fast_forms, settings):
    settings.DIALOGUES_SIGNUP_MEETING_RATE = "2/h"
    meeting.capacity = 10
    meeting.save()
    codes = [
        client.post(meeting.get_public_url(), signup_data(client, meeting, email=f"x{n}@example.no"),
                    REMOTE_ADDR=f"198.51.100.{n}").status_code
        for n in range(3)
    ]
    assert codes == [302, 302, 429] and Registration.objects.count() == 2


def test_a_replayed_signup_form_creates_nothing_and_sends_nothing(client, meeting, fast_forms):
    meeting.capacity = 10
    meeting.save()
    data = signup_data(client, meeting)
    first = client.post(meeting.get_public_url(), data)
    # The same token again with other addresses (a bot), or the same form twice (a double click).
    replays = [client.post(meeting.get_public_url(), {**data, "email": f"bot{n}@example.no"}) for n in range(2)]
    double = client.post(meeting.get_public_url(), data)
    assert {r.status_code for r in [first, *replays, double]} == {302}
    assert Registration.objects.count() == 1
    assert len(mail.outbox) == 1  # one e-mail per signup, never an "already registered" for a double click


def test_the_confirmation_never_carries_what_the_signup_typed_as_a_name(client, meeting, fast_forms):
    client.post(meeting.get_public_url(), signup_data(client, meeting, name_or_nickname="Klikk på evil.example"))
    assert len(mail.outbox) == 1 and "evil.example" not in mail.outbox[0].body
    assert mail.outbox[0].body.startswith("Hei,")
