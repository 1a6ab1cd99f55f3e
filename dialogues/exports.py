"""A meeting's participant list as CSV (core.exports writes the file and guards it)."""
from django.utils.translation import gettext as _

from innbyggerstemmen.core.exports import csv_bytes

from . import selectors


def participants_csv(*, meeting) -> bytes:
    yes, no = _("yes"), _("no")
    header = [
        _("Name or nickname"),
        _("E-mail address"),
        _("Age group"),
        _("Area or school"),
        _("Organisation"),
        _("Dietary or accessibility needs"),
        _("Comment"),
        _("Status"),
        _("Group"),
        _("Present"),
        _("May be contacted again"),
        _("Registered"),
    ]
    rows = (
        [
            r.name_or_nickname,
            r.email,
            r.get_age_group_display(),
            r.area,
            r.organisation,
            r.needs,
            r.free_text,
            r.get_status_display(),
            r.group.name if r.group else "",
            yes if r.attended else no,
            yes if r.may_contact_again else no,
            r.created_at,
        ]
        for r in selectors.participant_list(meeting=meeting)
    )
    return csv_bytes([header, *rows])
