"""Who may read the reports: the overview, initiative summaries and stories.

Imported from ReportsConfig.ready() so the permissions exist before any request.
"""
import rules
from django.core.cache import cache

from initiatives.rules import (
    can_change_initiative,
    can_manage_partners,
    can_view_initiative,
    is_national_team,
    is_police_staff,
)

MENU_TIMEOUT = 5 * 60


def police_staff_key(user_id: int) -> str:
    return f"overview:police-staff:{user_id}"


@rules.predicate
def is_police_staff_remembered(user):
    """is_police_staff from the cache, so the main menu on every page costs no query.

    Only for showing the menu link: the overview itself checks ``reports.view_overview``.
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


# The overview: the national team (all districts) and police staff (their own organisations).
rules.add_perm("reports.view_overview", is_national_team | is_police_staff)
rules.add_perm("reports.show_overview_link", is_national_team | is_police_staff_remembered)
# The PDF summary: everyone with access reads it; those who may change the initiative make it.
rules.add_perm("reports.view_summary", can_view_initiative)
rules.add_perm("reports.make_summary", can_change_initiative)
# Stories ("skattekisten"): the coordinator or national team publishes; all police staff read.
rules.add_perm("reports.publish_story", can_manage_partners)
rules.add_perm("reports.view_stories", is_national_team | is_police_staff)
