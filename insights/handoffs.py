"""Hand-offs with receipts: a surplus insight sent to the unit it belongs to, which marks it received.

The receiver gets one e-mail with a link holding an unguessable token. The link shows that insight and
nothing else of the initiative. The sender sees "sendt / mottatt / svart" and can send one reminder.
"""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from initiatives import cache_scopes
from innbyggerstemmen.accounts.models import Organisation
from innbyggerstemmen.core.fields import int_or_none
from innbyggerstemmen.core.services import email_queue_from_templates

from .models import Handoff, Insight, SurplusStatus

MAX_ANSWER = 500


class HandoffClosed(ValidationError):
    """The link cannot be used (expired, or already answered): the page says why, nothing changes."""


def _email_handoff(handoff: Handoff, *, template: str, key: str) -> None:
    from django.conf import settings

    with translation.override("nb"):  # the receiver is a public body in Norway; the insight is in Norwegian
        email_queue_from_templates(
            to=handoff.to_email,
            template=template,
            context={
                "handoff": handoff,
                "insight": handoff.insight,
                "initiative": handoff.insight.initiative,
                "url": settings.SITE_URL + reverse("insights:handoff_receipt", args=[handoff.token]),
            },
            dedupe_key=key,
        )


@transaction.atomic
def handoff_send(*, insight: Insight, user, email: str, organisation_id=None) -> Handoff:
    """Send a surplus insight to a unit: one e-mail with the link; the insight's routing status becomes "sent"."""
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": _("Write a valid e-mail address, e.g. navn@example.no.")}) from None
    organisation = None
    if organisation_id not in (None, ""):
        organisation = Organisation.objects.filter(pk=int_or_none(organisation_id)).first()
        if organisation is None:
            raise ValidationError({"organisation": _("Choose an organisation from the register.")})
    if insight.merged_into_id:
        raise ValidationError(_("This insight is merged into another; send that one."))
    handoff = Handoff.objects.create(insight=insight, to_email=email, to_organisation=organisation, sent_by=user)
    fields = {"is_surplus": True, "surplus_status": SurplusStatus.SENT}
    if not insight.surplus_receiver:
        fields["surplus_receiver"] = handoff.receiver[:200]
    Insight.objects.filter(pk=insight.pk).update(**fields)
    cache_scopes.content_changed_on_commit(insight.initiative_id)  # the list's "only surplus" filter; no signal
    _email_handoff(handoff, template="insights/email/handoff", key=f"insights:handoff:{handoff.pk}")
    return handoff


def handoff_by_token(*, token: str) -> Handoff:
    """The hand-off of a receipt link; DoesNotExist for a token we never made."""
    return Handoff.objects.select_related("insight__initiative", "to_organisation", "sent_by").get(token=token)


def handoff_closed_reason(handoff: Handoff, *, now=None) -> str:
    now = now or timezone.now()
    if handoff.answer:
        return _("This insight was marked received and answered on %(date)s. Thank you!") % {
            "date": timezone.localtime(handoff.received_at).strftime("%d.%m.%Y")
        }
    if now > handoff.expires_at and not handoff.received_at:
        return _("This link has expired. Ask the sender to send the insight again.")
    return ""


@transaction.atomic
def handoff_receive(*, token: str, answer: str = "") -> Handoff:
    """The receiver marks it received (once; the first time counts) and may answer in a line (once)."""
    handoff = Handoff.objects.select_for_update().get(pk=handoff_by_token(token=token).pk)
    closed = handoff_closed_reason(handoff)
    if closed:
        raise HandoffClosed(closed)
    answer = " ".join((answer or "").split())
    if len(answer) > MAX_ANSWER:
        raise ValidationError({"answer": _("The answer can have at most %(max)s characters.") % {"max": MAX_ANSWER}})
    fields = []
    if handoff.received_at is None:
        handoff.received_at = timezone.now()
        fields.append("received_at")
    if answer:
        handoff.answer = answer
        fields.append("answer")
    if fields:
        handoff.save(update_fields=fields)
        Insight.objects.filter(pk=handoff.insight_id, surplus_status=SurplusStatus.SENT).update(
            surplus_status=SurplusStatus.RECEIVED
        )
    return handoff


@transaction.atomic
def handoff_remind(*, insight: Insight, handoff_id) -> Handoff:
    """One reminder per hand-off, while it is not received."""
    handoff = Handoff.objects.select_for_update().filter(insight=insight, pk=int_or_none(handoff_id)).first()
    if handoff is None:
        raise ValidationError(_("Choose a hand-off of this insight."))
    if handoff.received_at:
        raise ValidationError(_("It has been received: no reminder is needed."))
    if handoff.reminded_at:
        raise ValidationError(_("A reminder has already been sent for this hand-off."))
    handoff.reminded_at = timezone.now()
    handoff.save(update_fields=["reminded_at"])
    _email_handoff(handoff, template="insights/email/handoff_reminder", key=f"insights:handoff-reminder:{handoff.pk}")
    return handoff
