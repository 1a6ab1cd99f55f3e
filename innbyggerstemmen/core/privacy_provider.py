"""What core itself stores about people: the outgoing e-mail queue and the audit log."""
from django.utils.translation import gettext_lazy as _

from .models import OutgoingEmail
from .personal_data import Provider, Section
from .privacy import AUDIT, QUEUE, PersonalField

PERSONAL_FIELDS = {
    "core.OutgoingEmail.to": PersonalField(_("Deliver the e-mail."), QUEUE),
    "core.OutgoingEmail.body": PersonalField(_("Deliver the e-mail (it may greet the person by name)."), QUEUE),
    "core.AuditEvent.actor_label": PersonalField(_("Record who did what."), AUDIT),
    "core.AuditEvent.detail": PersonalField(_("Record which address was tried at a failed sign-in."), AUDIT),
    "core.AuditActor.label": PersonalField(_("Find a person's events in the audit log."), AUDIT),
}


def report(email: str):
    rows = [
        {"subject": e.subject, "queued": e.created_at, "sent": e.sent_at}
        for e in OutgoingEmail.objects.filter(to__iexact=email).order_by("created_at")
    ]
    columns = {"subject": _("Subject"), "queued": _("Queued"), "sent": _("Sent")}
    return [Section(_("E-mails sent"), rows, columns)] if rows else []


def erase(email: str) -> int:
    deleted, _per_model = OutgoingEmail.objects.filter(to__iexact=email).delete()
    return deleted


# E-mails are not tied to an initiative, and the audit log is kept: nothing to anonymise when one ends.
PROVIDER = Provider(fields=PERSONAL_FIELDS, report=report, erase=erase)
