"""Permissions on initiatives, as django-rules predicates.

Every other app builds its permissions from these predicates by passing the
initiative its object belongs to.
"""
import rules
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

from innbyggerstemmen.accounts.models import Membership

from .access import COORDINATOR, NATIONAL, initiative_role
from .models import PartnerRole, Partnership


@rules.predicate
def is_national_team(user, initiative=None):
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_staff)


@rules.predicate
def is_coordinator(user, initiative):
    return initiative_role(user, initiative) == COORDINATOR


def has_partner_role(*roles):
    name = "has_partner_role:" + ",".join(roles)

    @rules.predicate(name)
    def predicate(user, initiative):
        return initiative_role(user, initiative) in roles

    return predicate


@rules.predicate
def is_police_staff(user):
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and Membership.objects.filter(user=user).exists()
    )


MENU_TIMEOUT = 5 * 60


def police_staff_key(user_id: int) -> str:
    return f"menu:police-staff:{user_id}"


@rules.predicate
def is_police_staff_remembered(user):
    """is_police_staff from the cache, so the main menu on every page costs no query.

    Only for showing menu links: each page itself checks its own permission.
    A membership change forgets the answer (forget_police_staff_on_membership_change).
    The menu asks for three links: the answer is kept on the request's user, one cache read a page.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if not hasattr(user, "_police_staff_remembered"):
        key = police_staff_key(user.pk)
        remembered = cache.get(key)
        if remembered is None:
            remembered = bool(is_police_staff(user))
            cache.set(key, remembered, MENU_TIMEOUT)
        user._police_staff_remembered = remembered
    return user._police_staff_remembered


def _membership_changed(sender=None, instance=None, **kwargs) -> None:
    cache.delete(police_staff_key(instance.user_id))


def forget_police_staff_on_membership_change() -> None:
    post_save.connect(_membership_changed, sender=Membership, dispatch_uid="menu-membership-save")
    post_delete.connect(_membership_changed, sender=Membership, dispatch_uid="menu-membership-delete")


# The police pages' menu links (action plans, stories, overview): the national team and police staff.
can_see_police_menu = is_national_team | is_police_staff_remembered


@rules.predicate
def is_invited_partner(user):
    """A partner of at least one initiative."""
    return bool(user.is_authenticated and user.is_active and Partnership.objects.filter(user=user).exists())


is_any_partner = has_partner_role(*PartnerRole.values)
is_editor = has_partner_role(PartnerRole.EDITOR)
is_facilitator_or_editor = has_partner_role(PartnerRole.EDITOR, PartnerRole.FACILITATOR)

can_view_initiative = is_national_team | is_coordinator | is_any_partner
can_change_initiative = is_national_team | is_coordinator | is_editor
can_manage_partners = is_national_team | is_coordinator
# Participants' names and e-mail addresses: coordinators and working partners only.
can_view_personal_data = is_national_team | is_coordinator | is_facilitator_or_editor

rules.add_perm("initiatives.add_initiative", is_national_team | is_police_staff)
# The dashboard's "New initiative" button, like the menu's links: the creation page checks add_initiative.
rules.add_perm("initiatives.show_create_link", can_see_police_menu)
rules.add_perm("initiatives.view_initiative", can_view_initiative)
rules.add_perm("initiatives.change_initiative", can_change_initiative)
rules.add_perm("initiatives.change_runsheet", is_national_team | is_coordinator | is_facilitator_or_editor)
rules.add_perm("initiatives.manage_partners", can_manage_partners)
rules.add_perm("initiatives.view_personal_data", can_view_personal_data)
# The population figures every initiative's reach is set against are imported by the national team.
rules.add_perm("initiatives.import_population", is_national_team)

__all__ = ["NATIONAL"]
