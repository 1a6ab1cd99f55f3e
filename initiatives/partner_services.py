"""Partner invitations and accounts: invite, resend, revoke, accept."""
from __future__ import annotations

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from innbyggerstemmen.accounts.models import User
from innbyggerstemmen.core.audit import Action, audit_record
from innbyggerstemmen.core.services import email_queue_from_templates

from .invitation_tokens import invitation_id_from_token, invitation_token
from .models import Invitation, Partnership


class InvitationError(ValidationError):
    """An invitation link that cannot be used; the message says why, for the person holding it."""


def _send_invitation(invitation: Invitation) -> None:
    link = settings.SITE_URL + reverse("invitations:accept", args=[invitation_token(invitation)])
    # Invitees read Norwegian first; the page they land on has the language switch.
    with override("nb"):
        email_queue_from_templates(
            to=invitation.email,
            template="initiatives/email/invitation",
            context={"invitation": invitation, "link": link, "initiative": invitation.initiative},
        )
    invitation.sent_at = timezone.now()
    invitation.save(update_fields=["sent_at", "expires_at", "updated_at"])


@transaction.atomic
def invitation_create(*, initiative, email: str, role: str, invited_by, organisation_name: str = "") -> Invitation:
    email = email.strip().lower()
    if Partnership.objects.filter(initiative=initiative, user__email__iexact=email).exists():
        raise ValidationError({"email": _("This person already has access to the initiative.")})
    if Invitation.objects.filter(
        initiative=initiative, email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True
    ).exists():
        raise ValidationError(
            {"email": _("This address has already been invited. You can resend the invitation from the list.")}
        )
    invitation = Invitation.objects.create(
        initiative=initiative,
        email=email,
        role=role,
        organisation_name=organisation_name,
        invited_by=invited_by,
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_MAX_AGE_DAYS),
    )
    _send_invitation(invitation)
    return invitation


@transaction.atomic
def invitation_resend(*, invitation: Invitation) -> Invitation:
    if not invitation.is_pending:
        raise ValidationError(_("Only pending invitations can be sent again."))
    invitation.expires_at = timezone.now() + timedelta(days=settings.INVITATION_MAX_AGE_DAYS)
    _send_invitation(invitation)
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation: Invitation) -> Invitation:
    if not invitation.is_pending:
        raise ValidationError(_("Only pending invitations can be revoked."))
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at", "updated_at"])
    return invitation


def invitation_from_token(token: str) -> Invitation:
    """The invitation a link may still accept, or InvitationError saying why not."""
    found = invitation_id_from_token(token)
    invitation = None
    if found:
        invitation_id, email = found
        invitation = (
            Invitation.objects.select_related("initiative", "initiative__owner_organisation", "invited_by")
            .filter(pk=invitation_id, email=email)
            .first()
        )
    if invitation is None:
        raise InvitationError(_("This invitation link is not valid. Check that you copied the whole link."))
    if invitation.accepted_at:
        raise InvitationError(_("This invitation has already been accepted. Log in to continue."))
    if invitation.revoked_at:
        raise InvitationError(_("This invitation has been withdrawn. Ask the person who invited you for a new one."))
    if invitation.is_expired:
        raise InvitationError(_("This invitation has expired. Ask the person who invited you to send it again."))
    return invitation


def _grant(invitation: Invitation, user: User) -> None:
    partnership, _created = Partnership.objects.update_or_create(
        user=user, initiative=invitation.initiative, defaults={"role": invitation.role}
    )
    audit_record(
        actor=user,
        action=Action.PERMISSION_GRANTED,
        obj=partnership,
        detail=f"invitation {invitation.pk} from {invitation.invited_by or '-'}",
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
    # The link in the e-mail proves the address.
    EmailAddress.objects.update_or_create(
        user=user, email=invitation.email, defaults={"verified": True, "primary": True}
    )


@transaction.atomic
def invitation_accept_new_user(*, token: str, full_name: str, password: str) -> User:
    """Accept by creating the account the invitation is addressed to."""
    invitation = invitation_from_token(token)
    Invitation.objects.select_for_update().filter(pk=invitation.pk).first()
    invitation.refresh_from_db()
    if not invitation.is_pending:
        raise InvitationError(_("This invitation has already been accepted. Log in to continue."))
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise InvitationError(_("An account with this address already exists. Log in to accept the invitation."))
    user = User.objects.create_user(email=invitation.email, password=password, full_name=full_name)
    _grant(invitation, user)
    return user


@transaction.atomic
def invitation_accept_existing_user(*, token: str, user: User) -> Invitation:
    """Accept as the logged-in user, who must own the invited address."""
    invitation = invitation_from_token(token)
    Invitation.objects.select_for_update().filter(pk=invitation.pk).first()
    invitation.refresh_from_db()
    if not invitation.is_pending:
        raise InvitationError(_("This invitation has already been accepted. Log in to continue."))
    if user.email.lower() != invitation.email.lower():
        raise InvitationError(
            _("This invitation was sent to another e-mail address. Log out and open the link again.")
        )
    _grant(invitation, user)
    return invitation


@transaction.atomic
def partnership_remove(*, partnership: Partnership, removed_by) -> None:
    audit_record(actor=removed_by, action=Action.PERMISSION_REVOKED, obj=partnership)
    partnership.delete()
