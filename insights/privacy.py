"""Personal data in insights: an uploaded idea-wall file until its import has run, and the addresses of citizens
who asked to hear what happened (or asked to hear no more)."""
from django.utils.translation import gettext_lazy as _

from innbyggerstemmen.core.personal_data import Provider, Section
from innbyggerstemmen.core.privacy import AFTER_INITIATIVE, PersonalField

from .models import EmailOptOut, Handoff, HearBack

PERSONAL_FIELDS = {
    # The uploaded CSV may name its authors; the purge job (insights.tasks) clears it.
    "insights.IdeaWallImport.content": PersonalField(
        _("Read the uploaded idea-wall file between upload and import; author columns are never imported."),
        _("Cleared when the import has run; unconfirmed uploads are deleted after two days."),
    ),
    "insights.HearBack.email": PersonalField(
        _(
            "Tell a survey respondent who asked for it what happened. Kept apart from the answers, with no link "
            "to them and only the day it was left."
        ),
        AFTER_INITIATIVE,
    ),
    "insights.Handoff.to_email": PersonalField(
        _("Send a surplus insight to the unit it belongs to, and one reminder; usually a unit's work address."),
        AFTER_INITIATIVE,
    ),
    "insights.EmailOptOut.email": PersonalField(
        _("Respect an unsubscribe: send no more e-mails of that kind about the initiative."), AFTER_INITIATIVE
    ),
}


def report(email: str) -> list[Section]:
    rows = [
        {"initiative": row.initiative.title, "left_on": row.left_on}
        for row in HearBack.objects.filter(email__iexact=email).select_related("initiative")
    ]
    columns = {"initiative": _("Initiative"), "left_on": _("Left on")}
    return [Section(_("Addresses left to hear what happened"), rows, columns)] if rows else []


def erase(email: str) -> int:
    deleted, _by_model = HearBack.objects.filter(email__iexact=email).delete()
    return deleted


def anonymise_ended(initiative_ids) -> int:
    hear_back, _by_model = HearBack.objects.filter(initiative_id__in=initiative_ids).delete()
    opt_outs, _by_model = EmailOptOut.objects.filter(initiative_id__in=initiative_ids).delete()
    receivers = Handoff.objects.filter(insight__initiative_id__in=initiative_ids).exclude(to_email="").update(to_email="")
    return hear_back + opt_outs + receivers


PROVIDER = Provider(fields=PERSONAL_FIELDS, report=report, erase=erase, anonymise_ended=anonymise_ended)
