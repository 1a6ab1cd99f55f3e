"""Responses that do not reveal whether an address has an account, and invitations that stay dead."""
from django.core import mail
from django.urls import reverse

from initiatives import partner_services as services
from initiatives.models import Partnership
from innbyggerstemmen.accounts.models import User


def test_password_reset_looks_the_same_for_known_and_unknown_addresses(client, coordinator):
    known = client.post(reverse("account_reset_password"), {"email": coordinator.email})
    unknown = client.post(reverse("account_reset_password"), {"email": "finnes.ikke@example.no"})
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url
    # Only the real account gets a reset link.
    assert ["/password/reset/key/" in m.body for m in mail.outbox] == [True, False]


def test_revoked_invitation_gives_no_access_through_password_reset(client, coordinator, initiative):
    invitation = services.invitation_create(
        initiative=initiative, email="ny.partner@example.no", role="editor", invited_by=coordinator
    )
    services.invitation_revoke(invitation=invitation)
    client.post(reverse("account_reset_password"), {"email": "ny.partner@example.no"})
    assert not User.objects.filter(email="ny.partner@example.no").exists()
    assert all("/password/reset/key/" not in m.body for m in mail.outbox)
    assert not Partnership.objects.filter(initiative=initiative, user__email="ny.partner@example.no").exists()
