"""Permissions on insights, actions, KUBA input and the feedback page.

Every permission is checked against the initiative the object belongs to and
is built from the initiatives app's predicates.
"""
import rules

from initiatives.rules import (
    can_manage_partners,
    can_view_initiative,
    is_coordinator,
    is_facilitator_or_editor,
    is_national_team,
)

# Read insights, actions, the KUBA input and the feedback page settings: everyone with access.
rules.add_perm("insights.view_insights", can_view_initiative)
# Record and work with insights and actions: coordinators and working partners (editor, facilitator).
rules.add_perm("insights.change_insights", is_national_team | is_coordinator | is_facilitator_or_editor)
# The KUBA input and telling citizens are the coordinator's (police liaison's) decisions.
rules.add_perm("insights.manage_kuba", can_manage_partners)
rules.add_perm("insights.publish_feedback", can_manage_partners)
# The shared national theme list is the national team's.
rules.add_perm("insights.manage_national_themes", is_national_team)
# Seeing what other initiatives heard, and merging the same insight across initiatives: the national team,
# who see them all.
rules.add_perm("insights.merge_across_initiatives", is_national_team)
