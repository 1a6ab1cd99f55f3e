"""Who may read the reports: the overview, initiative summaries and stories.

Imported from ReportsConfig.ready() so the permissions exist before any request.
"""
import rules

from initiatives.rules import (
    can_change_initiative,
    can_manage_partners,
    can_see_police_menu,
    can_view_initiative,
    is_national_team,
    is_police_staff,
)

# The overview: the national team (all districts) and police staff (their own organisations).
rules.add_perm("reports.view_overview", is_national_team | is_police_staff)
rules.add_perm("reports.show_overview_link", can_see_police_menu)
# The PDF summary: everyone with access reads it; those who may change the initiative make it.
rules.add_perm("reports.view_summary", can_view_initiative)
rules.add_perm("reports.make_summary", can_change_initiative)
# Stories ("skattekisten"): the coordinator or national team publishes; all police staff read.
rules.add_perm("reports.publish_story", can_manage_partners)
rules.add_perm("reports.view_stories", is_national_team | is_police_staff)
rules.add_perm("reports.show_stories_link", can_see_police_menu)
