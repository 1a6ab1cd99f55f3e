"""Personal data of survey recipients. Answers carry no identity and stay as they are."""
import secrets

from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.utils.translation import gettext_lazy as _

from innbyggerstemmen.core.personal_data import Provider, Section
from innbyggerstemmen.core.privacy import AFTER_INITIATIVE, PersonalField

from .models import Recipient

ANONYMISED_SUFFIX = "@anonymisert.invalid"

PERSONAL_FIELDS = {
    # Who was asked and who has answered — never what they answered.
    "surveys.Recipient.email": PersonalField(_("Send the personal survey link and reminders."), AFTER_INITIATIVE),
    "surveys.Answer.text": PersonalField(
        _("Free-text answers; respondents are asked not to write personal data, and may anyway."), AFTER_INITIATIVE
    ),
}


def _anonymise(recipients) -> int:
    # The personal link dies with the address: a new token that was never sent anywhere
    # (one random prefix per run, so nobody can guess it), and reminders skip anonymised rows.
    prefix = secrets.token_urlsafe(24)
    return recipients.exclude(email__endswith=ANONYMISED_SUFFIX).update(
        email=Concat(Value("anonymisert-"), Cast("pk", CharField()), Value(ANONYMISED_SUFFIX)),
        token=Concat(Value(prefix), Cast("pk", CharField())),
    )


def report(email: str):
    rows = [
        {
            "survey": r.survey.title,
            "invited": r.invited_at,
            "answered": r.answered_at,
        }
        for r in Recipient.objects.filter(email__iexact=email).select_related("survey")
    ]
    columns = {"survey": _("Survey"), "invited": _("Invited"), "answered": _("Answered")}
    return [Section(_("Survey invitations"), rows, columns)] if rows else []


def erase(email: str) -> int:
    return _anonymise(Recipient.objects.filter(email__iexact=email))


def anonymise_ended(initiative_ids) -> int:
    return _anonymise(Recipient.objects.filter(survey__initiative_id__in=initiative_ids))


PROVIDER = Provider(fields=PERSONAL_FIELDS, report=report, erase=erase, anonymise_ended=anonymise_ended)
