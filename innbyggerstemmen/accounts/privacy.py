"""Personal data of accounts and invitations."""
from allauth.account.models import EmailAddress
from django.utils.translation import gettext_lazy as _

from .models import Invitation, Partnership, User


def report(email: str):
    from innbyggerstemmen.core.personal_data import Section

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
                        "created": user.date_joined.isoformat(),
                        "last_login": user.last_login.isoformat() if user.last_login else "",
                        "organisations": ", ".join(m.organisation.name for m in user.memberships.all()),
                    }
                ],
            )
        )
        partnerships = Partnership.objects.filter(user=user).select_related("initiative")
        if partnerships:
            sections.append(
                Section(
                    _("Partner access"),
                    [{"initiative": p.initiative.title, "role": str(p.get_role_display())} for p in partnerships],
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
            )
        )
    return sections


def erase(email: str) -> int:
    count, _per_model = Invitation.objects.filter(email__iexact=email).delete()
    user = User.objects.filter(email__iexact=email).first()
    if user:
        removed, _per_model = Partnership.objects.filter(user=user).delete()
        EmailAddress.objects.filter(user=user).delete()
        # The account row stays (others' history points to it) but no longer identifies anyone.
        user.email = f"slettet-{user.pk}@anonymisert.invalid"
        user.full_name = ""
        user.is_active = False
        user.set_unusable_password()
        user.save(update_fields=["email", "full_name", "is_active", "password"])
        count += removed + 1
    return count


def anonymise_ended(initiative_ids) -> int:
    # Staff and partner accounts outlive initiatives.
    return 0
