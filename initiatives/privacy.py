"""Personal data of partners' access and invitations."""
from django.utils.translation import gettext_lazy as _

from innbyggerstemmen.core.personal_data import Provider, Section
from innbyggerstemmen.core.privacy import WHILE_ACCOUNT, PersonalField

from .models import Invitation, Partnership

PERSONAL_FIELDS = {
    "initiatives.Invitation.email": PersonalField(_("Send the partner invitation."), WHILE_ACCOUNT),
    "initiatives.Invitation.organisation_name": PersonalField(
        _("Show which organisation a partner represents."), WHILE_ACCOUNT
    ),
}


def report(email: str):
    sections = []
    partnerships = Partnership.objects.filter(user__email__iexact=email).select_related("initiative")
    if partnerships:
        sections.append(
            Section(
                _("Partner access"),
                [{"initiative": p.initiative.title, "role": str(p.get_role_display())} for p in partnerships],
                {"initiative": _("Initiative"), "role": _("Role")},
            )
        )
    invitations = Invitation.objects.filter(email__iexact=email).select_related("initiative")
    if invitations:
        sections.append(
            Section(
                _("Invitations"),
                [
                    {"initiative": i.initiative.title, "role": str(i.get_role_display()), "status": str(i.status_label)}
                    for i in invitations
                ],
                {"initiative": _("Initiative"), "role": _("Role"), "status": _("Status")},
            )
        )
    return sections


def erase(email: str) -> int:
    invitations, _per_model = Invitation.objects.filter(email__iexact=email).delete()
    partnerships, _per_model = Partnership.objects.filter(user__email__iexact=email).delete()
    return invitations + partnerships


# Partner access outlives the initiative's participants: nothing to anonymise when it ends.
PROVIDER = Provider(fields=PERSONAL_FIELDS, report=report, erase=erase)
