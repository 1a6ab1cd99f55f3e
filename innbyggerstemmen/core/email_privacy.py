"""Personal data in the outgoing e-mail queue."""
from django.utils.translation import gettext_lazy as _

from .models import OutgoingEmail


def report(email: str):
    from .personal_data import Section

    rows = [
        {"subject": e.subject, "queued": e.created_at.isoformat(), "sent": e.sent_at.isoformat() if e.sent_at else ""}
        for e in OutgoingEmail.objects.filter(to__iexact=email).order_by("created_at")
    ]
    return [Section(_("E-mails sent"), rows)] if rows else []


def erase(email: str) -> int:
    deleted, _per_model = OutgoingEmail.objects.filter(to__iexact=email).delete()
    return deleted


def anonymise_ended(initiative_ids) -> int:
    # E-mails are not tied to an initiative; they are erased per address on request.
    return 0
