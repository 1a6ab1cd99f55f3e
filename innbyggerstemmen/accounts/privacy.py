"""Personal data of staff and partner accounts."""
from allauth.account.models import EmailAddress
from django.utils.translation import gettext_lazy as _

from innbyggerstemmen.core.personal_data import Provider, Section
from innbyggerstemmen.core.privacy import WHILE_ACCOUNT, PersonalField

from .models import User

PERSONAL_FIELDS = {
    "accounts.User.email": PersonalField(_("Log in and receive e-mail from the portal."), WHILE_ACCOUNT),
    "accounts.User.full_name": PersonalField(_("Show who did what to colleagues."), WHILE_ACCOUNT),
}


def report(email: str):
    sections = []
    user = User.objects.filter(email__iexact=email).prefetch_related("memberships__organisation").first()
    if user:
        sections.append(
            Section(
                _("Account"),
                [
                    {
                        "email": user.email,
                        "name": user.full_name,
                        "created": user.date_joined,
                        "last_login": user.last_login,
                        "organisations": ", ".join(m.organisation.name for m in user.memberships.all()),
                    }
                ],
                {
                    "email": _("E-mail address"),
                    "name": _("Name"),
                    "created": _("Created"),
                    "last_login": _("Last signed in"),
                    "organisations": _("Organisations"),
                },
            )
        )
    return sections


def erase(email: str) -> int:
    count = 0
    user = User.objects.filter(email__iexact=email).first()
    if user:
        EmailAddress.objects.filter(user=user).delete()
        # The account row stays (others' history points to it) but no longer identifies anyone.
        user.email = f"slettet-{user.pk}@anonymisert.invalid"
        user.full_name = ""
        user.is_active = False
        user.set_unusable_password()
        user.save(update_fields=["email", "full_name", "is_active", "password"])
        count += 1
    return count


# Staff and partner accounts outlive initiatives: nothing to anonymise when one ends.
PROVIDER = Provider(fields=PERSONAL_FIELDS, report=report, erase=erase)
