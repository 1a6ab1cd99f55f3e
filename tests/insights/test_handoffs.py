"""Hand-offs with receipts: a surplus insight sent on, read through its link only, marked received, reminded once."""
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from innbyggerstemmen.core.models import OutgoingEmail
from insights.models import Handoff, Insight
from tests.factories import OrganisationFactory
from tests.insights.factories import InsightFactory


@pytest.fixture
def surplus(initiative):
    return InsightFactory(initiative=initiative, text="Bussen går for sjelden om kvelden", is_surplus=True)


def send(client, insight, **data):
    return client.post(reverse("insights:handoff_send", args=[insight.initiative_id, insight.pk]), data)


def receipt_url(handoff):
    return reverse("insights:handoff_receipt", args=[handoff.token])


def test_sent_received_and_answered_with_one_email_and_only_that_insight(client, client_for, coordinator, surplus, initiative):
    InsightFactory(initiative=initiative, text="Noe annet fra initiativet")
    busselskap = OrganisationFactory(name="Vestfold kollektivtrafikk", kind="other")
    staff = client_for(coordinator)
    send(staff, surplus, email="post@vkt.example.no", organisation=busselskap.pk)
    handoff = Handoff.objects.get()
    surplus.refresh_from_db()
    assert surplus.surplus_status == "sent" and surplus.surplus_receiver == "Vestfold kollektivtrafikk"
    email = OutgoingEmail.objects.get(dedupe_key=f"insights:handoff:{handoff.pk}")
    assert email.to == "post@vkt.example.no" and handoff.token in email.body
    assert "sendt" in staff.get(surplus.get_absolute_url()).content.decode()

    staff.logout()
    page = client.get(receipt_url(handoff)).content.decode()
    assert "Bussen går for sjelden om kvelden" in page and "Noe annet fra initiativet" not in page
    client.post(receipt_url(handoff))
    client.post(receipt_url(handoff), {"answer": "Vi ser på rutetabellen til høsten."})
    handoff.refresh_from_db()
    surplus.refresh_from_db()
    assert handoff.received_at and handoff.answer == "Vi ser på rutetabellen til høsten."
    assert surplus.surplus_status == "received"
    detail = client_for(coordinator).get(surplus.get_absolute_url()).content.decode()
    assert "mottatt" in detail and "Vi ser på rutetabellen til høsten." in detail


def test_a_wrong_expired_or_used_link_gets_a_clear_page_and_changes_nothing(client, surplus, coordinator):
    from insights import handoffs

    assert client.post("/mottak/gjettet/").status_code == 404
    handoff = handoffs.handoff_send(insight=surplus, user=coordinator, email="post@vkt.example.no")
    Handoff.objects.filter(pk=handoff.pk).update(sent_at=timezone.now() - timedelta(days=91))
    expired = client.post(receipt_url(handoff))
    assert expired.status_code == 410 and "Lenken er utløpt" in expired.content.decode()
    assert Handoff.objects.get().received_at is None

    Handoff.objects.filter(pk=handoff.pk).update(sent_at=timezone.now())
    client.post(receipt_url(handoff), {"answer": "Takk, vi tar det."})
    used = client.post(receipt_url(handoff), {"answer": "Et annet svar"})
    assert used.status_code == 410 and "besvart" in used.content.decode()
    assert Handoff.objects.get().answer == "Takk, vi tar det."


def test_one_reminder_while_not_received(client_for, coordinator, surplus):
    from insights import handoffs

    handoff = handoffs.handoff_send(insight=surplus, user=coordinator, email="post@vkt.example.no")
    staff = client_for(coordinator)
    url = reverse("insights:handoff_remind", args=[surplus.initiative_id, surplus.pk])
    staff.post(url, {"handoff": handoff.pk})
    again = staff.post(url, {"handoff": handoff.pk}, follow=True)
    assert "allerede sendt en påminnelse" in again.content.decode()
    assert OutgoingEmail.objects.filter(dedupe_key__startswith="insights:handoff-reminder:").count() == 1


@pytest.mark.parametrize("email", ["", "ikke-en-adresse"])
def test_a_bad_address_is_refused_and_nothing_sent(client_for, coordinator, surplus, email):
    response = send(client_for(coordinator), surplus, email=email)
    html = response.content.decode()
    # Beside the form, with what was typed kept.
    assert response.status_code == 400 and "Skriv en gyldig e-postadresse" in html and f'value="{email}"' in html
    assert not Handoff.objects.exists() and not OutgoingEmail.objects.exists()
    assert Insight.objects.get(pk=surplus.pk).surplus_status == "not_sent"


def test_another_initiatives_hand_off_id_is_refused(client_for, coordinator, surplus, other_initiative):
    from insights import handoffs

    foreign_insight = InsightFactory(initiative=other_initiative, is_surplus=True)
    foreign = handoffs.handoff_send(insight=foreign_insight, user=coordinator, email="a@example.no")
    url = reverse("insights:handoff_remind", args=[surplus.initiative_id, surplus.pk])
    response = client_for(coordinator).post(url, {"handoff": foreign.pk}, follow=True)
    assert "Velg en oversendelse av denne innsikten." in response.content.decode()
    assert Handoff.objects.get(pk=foreign.pk).reminded_at is None
