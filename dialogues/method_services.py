"""Writes for the method library: copying a method's run-sheet template into an initiative's run sheet."""
from __future__ import annotations

from django.db import transaction

from initiatives import services as initiative_services

from .models import MethodCard, run_sheet_template_errors


@transaction.atomic
def method_copy_to_runsheet(*, method: MethodCard, initiative, starts_at=None) -> list:
    """Append the method's activities, in the template's order, after the run sheet's last activity.

    ``starts_at`` is the first activity's start; the others follow on by their durations in the timeline.

    Goes through the run sheet's own service so positions and validation stay its business.
    The caller checks ``initiatives.change_runsheet`` on the initiative.
    """
    if run_sheet_template_errors(method.run_sheet_template):
        # The admin validates templates; a broken one copies nothing rather than half of it.
        return []
    created = []
    for index, item in enumerate(method.run_sheet_template):
        created.append(
            initiative_services.activity_create(
                initiative=initiative,
                title=item["title"].strip(),
                duration_minutes=item.get("duration_minutes"),
                purpose=item.get("purpose", ""),
                method=item.get("method") or method.name,
                roles=item.get("roles", ""),
                starts_at=starts_at if index == 0 else None,
            )
        )
    return created
