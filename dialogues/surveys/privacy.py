"""Personal data of survey recipients. Answers carry no identity and stay as they are."""
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.utils.translation import gettext_lazy as _

from .models import Recipient

ANONYMISED_SUFFIX = "@anonymisert.invalid"


def _anonymise(recipients) -> int:
    return recipients.exclude(email__endswith=ANONYMISED_SUFFIX).update(
        email=Concat(Value("anonymisert-"), Cast("pk", CharField()), Value(ANONYMISED_SUFFIX))
    )


def report(email: str):
    from innbyggerstemmen.core.personal_data import Section

    rows = [
        {
            "survey": r.survey.title,
            "invited": r.invited_at.isoformat() if r.invited_at else "",
            "answered": r.answered_at.isoformat() if r.answered_at else "",
        }
        for r in Recipient.objects.filter(email__iexact=email).select_related("survey")
    ]
    return [Section(_("Survey invitations"), rows)] if rows else []


def erase(email: str) -> int:
    return _anonymise(Recipient.objects.filter(email__iexact=email))


def anonymise_ended(initiative_ids) -> int:
    return _anonymise(Recipient.objects.filter(survey__initiative_id__in=initiative_ids))
