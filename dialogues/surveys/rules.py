"""Permissions on surveys, built from the initiative predicates and checked against the survey's initiative."""
import rules

from initiatives.rules import (
    can_change_initiative,
    can_view_initiative,
    can_view_personal_data,
    is_national_team,
)

# Read the surveys and their aggregated results: everyone with access to the initiative.
rules.add_perm("surveys.view_survey", can_view_initiative)
# Build, edit and send surveys: coordinators, editors and the national team.
rules.add_perm("surveys.change_survey", can_change_initiative)
# Recipients' addresses and the raw answers (export, free text) are personal data.
rules.add_perm("surveys.distribute_survey", can_change_initiative & can_view_personal_data)
rules.add_perm("surveys.export_answers", can_view_personal_data)
# The indicator library and trends across initiatives: the national team.
rules.add_perm("surveys.view_indicator_trends", is_national_team)
