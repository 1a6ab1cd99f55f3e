"""Who may read the overview: the national team (all districts) and police staff (their own organisations).

Imported from InitiativesConfig.ready() so the permissions exist before any request.
"""
import rules
from django.core.cache import cache

from .rules import is_national_team, is_police_staff

MENU_TIMEOUT = 5 * 60


def police_staff_key(user_id: int) -> str:
    return f"overview:police-staff:{user_id}"


@rules.predicate
def is_police_staff_remembered(user):
    """is_police_staff from the cache, so the main menu on every page costs no query.

    Only for showing the menu link: the overview itself checks ``initiatives.view_overview``.
    A membership change forgets the answer (overview_cache.connect_signals).
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    key = police_staff_key(user.pk)
    remembered = cache.get(key)
    if remembered is None:
        remembered = bool(is_police_staff(user))
        cache.set(key, remembered, MENU_TIMEOUT)
    return remembered


rules.add_perm("initiatives.view_overview", is_national_team | is_police_staff)
rules.add_perm("initiatives.show_overview_link", is_national_team | is_police_staff_remembered)
