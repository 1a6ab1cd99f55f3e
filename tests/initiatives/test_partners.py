"""Partner invitations: invite, resend, revoke, accept — and every way a link can be bad."""
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from initiatives import partner_services as services
from initiatives.models import Invitation, Partnership
from innbyggerstemmen.accounts.models import User
from innbyggerstemmen.core.models import OutgoingEmail
from tests.factories import PASSWORD, InvitationFactory, UserFactory


def link_in(message) -> str:
    return re.search(r"https?://\S+/invitasjon/\S+/", message.body).group(0)


def path_of(link: str) -> str:
    return "/" + link.split("/", 3)[3]


@pytest.fixture
def invite(client_for, coordinator, initiative):
    def send(email="kommune@example.no", role="editor"):
        return client_for(coordinator).post(
            reverse("initiatives:partners", args=[initiative.pk]),
            {"email": email, "role": role, "organisation_name": "Tønsberg kommune"},
        )

    return send


def test_invitation_sends_one_email_with_signed_link(invite, initiative):
    response = invite()
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["kommune@example.no"]
    assert "En god sommer i Tønsberg" in message.subject  # Norwegian subject
    assert "Invitasjon" in message.subject
    assert "/invitasjon/" in link_in(message)
    assert OutgoingEmail.objects.get().sent_at is not None


def test_new_partner_accepts_creates_account_and_sees_only_that_initiative(
    invite, client, initiative, other_initiative
):
    invite()
    client.logout()
    url = path_of(link_in(mail.outbox[0]))
    page = client.get(url).content.decode()
    assert "Opprett kontoen din for kommune@example.no" in page

    response = client.post(url, {"full_name": "Kari Kommune", "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302 and response.url == initiative.get_absolute_url()
    user = User.objects.get(email="kommune@example.no")
    assert Partnership.objects.get(user=user, initiative=initiative).role == "editor"
    assert user.emailaddress_set.get().verified

    assert client.get(initiative.get_absolute_url()).status_code == 200
    assert client.get(other_initiative.get_absolute_url()).status_code == 404


def test_reused_link_is_refused_with_a_clear_message(invite, client):
    invite()
    client.logout()
    url = path_of(link_in(mail.outbox[0]))
    client.post(url, {"full_name": "Kari", "password1": PASSWORD, "password2": PASSWORD})
    client.logout()
    response = client.get(url)
    assert response.status_code == 410
    assert "allerede akseptert" in response.content.decode()
    assert User.objects.filter(email="kommune@example.no").count() == 1


def test_expired_invitation_cannot_be_accepted(invite, client):
    invite()
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    client.logout()
    url = path_of(link_in(mail.outbox[0]))
    response = client.post(url, {"full_name": "Kari", "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 410
    assert "utløpt" in response.content.decode()
    assert not User.objects.filter(email="kommune@example.no").exists()


def test_revoked_invitation_cannot_be_accepted(invite, client_for, coordinator, initiative, client):
    invite()
    invitation = Invitation.objects.get()
    client_for(coordinator).post(reverse("initiatives:invitation_revoke", args=[initiative.pk, invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    client.logout()
    response = client.get(path_of(link_in(mail.outbox[0])))
    assert response.status_code == 410 and "trukket tilbake" in response.content.decode()


def test_tampered_link_is_refused(client, db):
    response = client.get(reverse("invitations:accept", args=["not-a-real-token"]))
    assert response.status_code == 410
    assert "ikke gyldig" in response.content.decode()


def test_resend_sends_a_new_email_and_extends_validity(invite, client_for, coordinator, initiative):
    invite()
    invitation = Invitation.objects.get()
    Invitation.objects.update(expires_at=timezone.now() + timedelta(hours=1))
    client_for(coordinator).post(reverse("initiatives:invitation_resend", args=[initiative.pk, invitation.pk]))
    invitation.refresh_from_db()
    assert len(mail.outbox) == 2
    assert invitation.expires_at > timezone.now() + timedelta(days=13)


def test_inviting_the_same_address_twice_is_refused(invite):
    invite()
    response = invite(email="KOMMUNE@example.no")
    assert response.status_code == 200
    assert "allerede invitert" in response.content.decode()
    assert Invitation.objects.count() == 1 and len(mail.outbox) == 1


def test_inviting_an_existing_partner_is_refused(invite, editor):
    response = invite(email=editor.email)
    assert "har allerede tilgang" in response.content.decode()
    assert not Invitation.objects.exists()


def test_invalid_email_gives_norwegian_error(invite):
    response = invite(email="ikke-en-adresse")
    assert "Oppgi en gyldig e-postadresse" in response.content.decode()
    assert not Invitation.objects.exists()


def test_existing_user_accepts_while_logged_in(initiative, coordinator, client):
    user = UserFactory(email="frivillig@example.no")
    services.invitation_create(initiative=initiative, email=user.email, role="viewer", invited_by=coordinator)
    url = path_of(link_in(mail.outbox[0]))

    # Not logged in: asked to log in first, no second account.
    assert "Logg inn for å akseptere" in client.get(url).content.decode()

    client.force_login(user)
    response = client.post(url)
    assert response.status_code == 302
    assert Partnership.objects.get(user=user, initiative=initiative).role == "viewer"


def test_logged_in_as_someone_else_cannot_take_the_invitation(initiative, coordinator, client, stranger):
    services.invitation_create(initiative=initiative, email="riktig@example.no", role="editor", invited_by=coordinator)
    client.force_login(stranger)
    response = client.post(path_of(link_in(mail.outbox[0])))
    assert response.status_code == 410
    assert not Partnership.objects.filter(user=stranger).exists()


def test_weak_or_mismatched_password_keeps_the_invitation_open(invite, client):
    invite()
    client.logout()
    url = path_of(link_in(mail.outbox[0]))
    response = client.post(url, {"full_name": "Kari", "password1": "123", "password2": "124"})
    assert "ikke like" in response.content.decode()
    assert Invitation.objects.get().is_pending and not User.objects.filter(email="kommune@example.no").exists()


@pytest.mark.parametrize("person", ["editor", "viewer", "facilitator", "other_coordinator", "stranger"])
def test_only_coordinators_manage_invitations(request, client, initiative, person):
    invitation = InvitationFactory(initiative=initiative)
    client.force_login(request.getfixturevalue(person))
    expected = 404 if person in ("other_coordinator", "stranger") else 403
    assert client.post(reverse("initiatives:partners", args=[initiative.pk]), {"email": "x@example.no", "role": "editor"}).status_code == expected
    assert client.post(reverse("initiatives:invitation_revoke", args=[initiative.pk, invitation.pk])).status_code == expected
    assert client.post(reverse("initiatives:invitation_resend", args=[initiative.pk, invitation.pk])).status_code == expected
    invitation.refresh_from_db()
    assert invitation.is_pending and not Invitation.objects.filter(email="x@example.no").exists()


def test_invitation_of_another_initiative_is_404(client_for, coordinator, initiative, other_initiative):
    foreign = InvitationFactory(initiative=other_initiative)
    response = client_for(coordinator).post(reverse("initiatives:invitation_revoke", args=[initiative.pk, foreign.pk]))
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.is_pending


def test_coordinator_removes_partner_access(client_for, coordinator, initiative, editor):
    partnership = Partnership.objects.get(user=editor)
    client_for(coordinator).post(reverse("initiatives:partner_remove", args=[initiative.pk, partnership.pk]))
    assert not Partnership.objects.filter(user=editor).exists()
