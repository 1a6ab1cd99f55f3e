"""Action plans: the national team follows and edits them; police staff read them; partners do not see them."""
import rules

from initiatives.rules import can_see_police_menu, is_national_team, is_police_staff

can_view_action_plans = is_national_team | is_police_staff
rules.add_perm("plans.view_actionplan", can_view_action_plans)
rules.add_perm("plans.change_actionplan", is_national_team)
rules.add_perm("plans.show_menu_link", can_see_police_menu)
