"""Permissions on dialogue meetings, built from the initiative predicates.

Every permission is checked against the meeting's initiative.
"""
import rules

from initiatives.rules import (
    can_view_initiative,
    can_view_personal_data,
    is_coordinator,
    is_facilitator_or_editor,
    is_invited_partner,
    is_national_team,
    is_police_staff,
)

# Running a meeting (create, edit, groups, attendance, messages) is for the people who run it.
can_run_meetings = is_national_team | is_coordinator | is_facilitator_or_editor

rules.add_perm("dialogues.view_meeting", can_view_initiative)
rules.add_perm("dialogues.change_meeting", can_run_meetings)
# Names and e-mail addresses of participants: the same people who may see personal data of the initiative.
rules.add_perm("dialogues.view_participants", can_view_personal_data)
rules.add_perm("dialogues.change_participants", can_run_meetings & can_view_personal_data)

# The method library: every signed-in police employee and every invited partner may read it;
# the national team edits it in the admin. Copying into a run sheet also needs initiatives.change_runsheet.
rules.add_perm("dialogues.view_methods", is_national_team | is_police_staff | is_invited_partner)
