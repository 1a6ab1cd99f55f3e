"""Personal data of meeting participants: access request, erasure and retention.

Anonymising keeps the registration row (so counts by age group, attendance and
waitlist stay right) and removes everything that identifies the person.
"""
import secrets
from datetime import datetime, timedelta

from django.db.models import CharField, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils.translation import gettext_lazy as _

from innbyggerstemmen.core.personal_data import Provider, Section
from innbyggerstemmen.core.privacy import AFTER_INITIATIVE, PersonalField

from .models import Group, Meeting, Registration

ANONYMISED_SUFFIX = "@anonymisert.invalid"

PERSONAL_FIELDS = {
    "dialogues.Registration.name_or_nickname": PersonalField(_("Address the participant at the meeting."), AFTER_INITIATIVE),
    "dialogues.Registration.email": PersonalField(
        _("Send confirmation, reminders and – with consent – news about the initiative."), AFTER_INITIATIVE
    ),
    "dialogues.Registration.area": PersonalField(_("Plan groups and understand who took part."), AFTER_INITIATIVE),
    "dialogues.Registration.organisation": PersonalField(_("Plan groups and understand who took part."), AFTER_INITIATIVE),
    "dialogues.Registration.needs": PersonalField(_("Meet dietary and accessibility needs at the meeting."), AFTER_INITIATIVE),
    "dialogues.Registration.free_text": PersonalField(_("Read what the participant wanted to tell us."), AFTER_INITIATIVE),
    "dialogues.Group.facilitator": PersonalField(_("Show who leads a group."), AFTER_INITIATIVE),
    "dialogues.Group.note_taker": PersonalField(_("Show who takes notes in a group."), AFTER_INITIATIVE),
}


def registrations_anonymise(registrations) -> int:
    """Blank everything that identifies the people in ``registrations``; already anonymised rows are left."""
    pending = registrations.exclude(email__endswith=ANONYMISED_SUFFIX)
    # One random prefix per run: the new tokens are never sent anywhere, so nobody can guess them.
    prefix = secrets.token_urlsafe(24)
    return pending.update(
        name_or_nickname="–",
        email=Concat(Value("anonymisert-"), Cast("pk", CharField()), Value(ANONYMISED_SUFFIX)),
        area="",
        organisation="",
        needs="",
        free_text="",
        may_contact_again=False,
        token=Concat(Value(prefix), Cast("pk", CharField())),
    )


def report(email: str):
    rows = [
        {
            "meeting": r.meeting.title,
            "starts": r.meeting.starts_at,
            "name_or_nickname": r.name_or_nickname,
            "age_group": str(r.get_age_group_display()),
            "area": r.area,
            "organisation": r.organisation,
            "needs": r.needs,
            "comment": r.free_text,
            "status": str(r.get_status_display()),
            "consent_given": r.consent_given_at,
            "consent_text_version": r.consent_text_version,
            "may_contact_again": r.may_contact_again,
        }
        for r in Registration.objects.filter(email__iexact=email).select_related("meeting")
    ]
    columns = {
        "meeting": _("Meeting"),
        "starts": _("Starts"),
        "name_or_nickname": _("Name or nickname"),
        "age_group": _("Age group"),
        "area": _("Area or school"),
        "organisation": _("Organisation"),
        "needs": _("Needs"),
        "comment": _("Comment"),
        "status": _("Status"),
        "consent_given": _("Consent given"),
        "consent_text_version": _("Consent text version"),
        "may_contact_again": _("May contact again"),
    }
    return [Section(_("Meeting registrations"), rows, columns)] if rows else []


def erase(email: str) -> int:
    return registrations_anonymise(Registration.objects.filter(email__iexact=email))


def anonymise_expired(now: datetime) -> int:
    """Keep the meeting's promise: the data goes ``retention_months`` after the meeting (31-day months)."""
    # No meeting keeps data for less than a month: only meetings ended before that are read.
    candidates = Meeting.objects.filter(ends_at__lt=now - timedelta(days=28)).values_list(
        "pk", "ends_at", "retention_months"
    )
    due = [pk for pk, ends_at, months in candidates if ends_at + timedelta(days=31 * months) < now]
    # One statement for them all: per meeting it was a query each for thousands of long-anonymised meetings.
    return registrations_anonymise(Registration.objects.filter(meeting_id__in=due)) if due else 0


def anonymise_ended(initiative_ids) -> int:
    count = registrations_anonymise(Registration.objects.filter(meeting__initiative_id__in=initiative_ids))
    # Group leaders are named people too.
    count += (
        Group.objects.filter(meeting__initiative_id__in=initiative_ids)
        .filter(~Q(facilitator="") | ~Q(note_taker=""))
        .update(facilitator="", note_taker="")
    )
    return count


PROVIDER = Provider(
    fields=PERSONAL_FIELDS,
    report=report,
    erase=erase,
    anonymise_ended=anonymise_ended,
    anonymise_expired=anonymise_expired,
)
