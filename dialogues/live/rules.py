"""Who may moderate a live wall: those who run the meeting (every group), and a group's own facilitator (that group)."""
import rules

from dialogues.rules import can_run_meetings


@rules.predicate
def runs_the_meeting(user, group) -> bool:
    return can_run_meetings.test(user, group.meeting.initiative)


@rules.predicate
def facilitates_the_group(user, group) -> bool:
    return bool(user.is_authenticated and group.facilitator_user_id == user.pk)


rules.add_perm("live.moderate_group", runs_the_meeting | facilitates_the_group)
