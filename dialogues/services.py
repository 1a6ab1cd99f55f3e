"""Writes for dialogue meetings: meetings, signup, cancellation, waitlist, reminders, groups, messages."""
from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from innbyggerstemmen.core.audit import Action, audit_record
from innbyggerstemmen.core.fields import checked_fields, int_or_none
from innbyggerstemmen.core.services import email_queue_from_templates

from . import selectors
from .models import (
    MAX_REMINDER_OFFSET_HOURS,
    AgeGroup,
    Group,
    Meeting,
    MeetingFormat,
    MeetingMessage,
    Registration,
    RegistrationStatus,
    ReminderSent,
    new_slug,
)
from .privacy import registrations_anonymise

# Bump when the consent wording on the signup page changes; each registration keeps the version it agreed to.
CONSENT_TEXT_VERSION = "2025-1"


def consent_text_version(*, age_group: str, language: str) -> str:
    """Which consent text a person agreed to: the version, the simpler one for 13–15 ("-youth"), and its language
    ("2025-1-youth/nn"), so the exact wording can be found again."""
    youth = "-youth" if age_group == AgeGroup.AGE_13_15 else ""
    return f"{CONSENT_TEXT_VERSION}{youth}/{language}"
REMINDER_CHUNK_SIZE = 200

MEETING_FIELDS = (
    "title",
    "method",
    "description",
    "format",
    "meeting_link",
    "address",
    "room",
    "accessibility_info",
    "starts_at",
    "ends_at",
    "capacity",
    "signup_deadline",
    "uses_waitlist",
    "target_groups",
    "ask_area",
    "ask_organisation",
    "ask_needs",
    "ask_free_text",
    "reminder_offsets",
    "retention_months",
    "content_language",
    "translations",
)


class SignupClosed(ValidationError):
    """Signup is not possible (deadline passed, meeting started, or full without waiting list)."""


# Meetings ------------------------------------------------------------------------------------


def meeting_validate(meeting: Meeting) -> None:
    errors = {}
    if meeting.starts_at and meeting.ends_at and meeting.ends_at <= meeting.starts_at:
        errors["ends_at"] = _("The meeting must end after it starts.")
    if meeting.signup_deadline and meeting.starts_at and meeting.signup_deadline > meeting.starts_at:
        errors["signup_deadline"] = _("The signup deadline cannot be after the meeting starts.")
    if meeting.capacity is not None and meeting.capacity < 1:
        errors["capacity"] = _("The capacity must be at least 1.")
    if meeting.format == MeetingFormat.DIGITAL and not meeting.meeting_link:
        errors["meeting_link"] = _("A digital meeting needs a meeting link.")
    if meeting.format == MeetingFormat.PHYSICAL and not meeting.address:
        errors["address"] = _("A physical meeting needs an address.")
    offsets = meeting.reminder_offsets
    if not isinstance(offsets, list) or any(
        not isinstance(o, int) or isinstance(o, bool) or not 1 <= o <= MAX_REMINDER_OFFSET_HOURS for o in offsets
    ):
        errors["reminder_offsets"] = _("Reminders must be whole hours between 1 and %(max)s.") % {
            "max": MAX_REMINDER_OFFSET_HOURS
        }
    if errors:
        raise ValidationError(errors)


def meeting_period_warning(meeting: Meeting) -> str:
    """A warning, not an error, when the meeting falls outside its initiative's period: a follow-up
    after the end is allowed, a typo in the year should be caught."""
    initiative = meeting.initiative
    day = timezone.localtime(meeting.starts_at).date()
    if initiative.start_date and day < initiative.start_date or initiative.end_date and day > initiative.end_date:
        return _(
            "The meeting is on %(day)s, outside the initiative's period (%(start)s – %(end)s). "
            "Check the date, or change the initiative's period."
        ) % {
            "day": date_format(day, "DATE_FORMAT"),
            "start": date_format(initiative.start_date, "DATE_FORMAT") if initiative.start_date else "…",
            "end": date_format(initiative.end_date, "DATE_FORMAT") if initiative.end_date else "…",
        }
    return ""


def _save_new_meeting(meeting: Meeting) -> Meeting:
    """Insert with a fresh short slug, drawing again on the (rare) collision."""
    for _attempt in range(5):
        meeting.slug = new_slug()
        try:
            with transaction.atomic():
                meeting.save()
            return meeting
        except IntegrityError:
            if not Meeting.objects.filter(slug=meeting.slug).exists():
                raise
    raise RuntimeError("Could not find a free public address for the meeting")


@transaction.atomic
def meeting_create(*, initiative, user=None, follow_up_of: Meeting | None = None, **fields) -> Meeting:
    meeting = Meeting(
        initiative=initiative,
        created_by=user,
        follow_up_of=follow_up_of,
        **checked_fields(fields, allowed=MEETING_FIELDS, service="meeting_create"),
    )
    meeting.reminder_offsets = sorted(set(meeting.reminder_offsets), reverse=True)
    meeting_validate(meeting)
    return _save_new_meeting(meeting)


@transaction.atomic
def meeting_update(*, meeting: Meeting, **fields) -> Meeting:
    changed = list(checked_fields(fields, allowed=MEETING_FIELDS, service="meeting_update"))
    for key in changed:
        setattr(meeting, key, fields[key])
    meeting.reminder_offsets = sorted(set(meeting.reminder_offsets), reverse=True)
    meeting_validate(meeting)
    meeting.save(update_fields=[*changed, "updated_at"])
    return meeting


@transaction.atomic
def meeting_create_follow_up(*, meeting: Meeting, user=None, **fields) -> tuple[Meeting, int]:
    """Create a follow-up meeting and invite, once each, the participants who agreed to be contacted again.

    Returns the new meeting and the number of people invited.
    """
    follow_up = meeting_create(initiative=meeting.initiative, user=user, follow_up_of=meeting, **fields)
    recipients = selectors.meeting_contactable_registrations(meeting=meeting)
    invited = 0
    seen = set()
    for registration in recipients:
        if registration.email in seen:
            continue
        seen.add(registration.email)
        with override(registration.language):
            queued = email_queue_from_templates(
                to=registration.email,
                template="dialogues/email/follow_up_invitation",
                context={
                    "meeting": follow_up.localized(registration.language),
                    "previous": meeting.localized(registration.language),
                    "registration": registration,
                },
                dedupe_key=f"dialogues:follow-up:{follow_up.pk}:{registration.email}",
            )
        invited += queued is not None
    return follow_up, invited


# Signup --------------------------------------------------------------------------------------


def signup_closed_reason(meeting: Meeting, *, now: datetime | None = None, confirmed_count: int | None = None) -> str:
    """Why signup is closed, in words for the citizen, or "" while it is open."""
    now = now or timezone.now()
    if meeting.starts_at <= now:
        return _("This meeting has already started or taken place, so signup is closed.")
    if meeting.signup_deadline and meeting.signup_deadline <= now:
        return _("The signup deadline has passed.")
    if not meeting.uses_waitlist:
        if confirmed_count is None:
            confirmed_count = meeting.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
        if confirmed_count >= meeting.capacity:
            return _("The meeting is full.")
    return ""


def _passed_offsets(meeting: Meeting, now: datetime) -> list[int]:
    return [o for o in meeting.reminder_offsets if meeting.starts_at - timedelta(hours=o) <= now]


def _mark_passed_reminders(registration: Registration, now: datetime) -> None:
    """Reminders whose time has passed are covered by the confirmation or promotion e-mail."""
    for offset in _passed_offsets(registration.meeting, now):
        ReminderSent.objects.get_or_create(registration=registration, offset_hours=offset)


def _calendar_attachment(registration: Registration) -> dict:
    """The meeting as a calendar file, its texts in the person's language (the caller activates it)."""
    from icalendar import Calendar, Event

    meeting = registration.meeting.localized(registration.language)
    calendar = Calendar()
    calendar.add("prodid", "-//Innbyggerstemmen//dialogues//NO")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}-{registration.pk}@innbyggerstemmen")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("summary", meeting.title)
    if meeting.is_digital:
        if registration.status == RegistrationStatus.CONFIRMED:
            event.add("location", meeting.meeting_link)
            event.add("url", meeting.meeting_link)
    else:
        event.add("location", ", ".join(p for p in (meeting.address, meeting.room) if p))
    event.add(
        "description", _("See or cancel your registration: %(link)s") % {"link": registration.manage_link}
    )
    calendar.add_component(event)
    return {
        "filename": "invitation.ics",
        "mimetype": "text/calendar",
        "content": calendar.to_ical().decode("utf-8"),
    }


def _send_registration_email(registration: Registration, template: str, dedupe_key: str) -> None:
    with override(registration.language):
        email_queue_from_templates(
            to=registration.email,
            template=f"dialogues/email/{template}",
            context={"registration": registration, "meeting": registration.meeting.localized(registration.language)},
            attachments=[_calendar_attachment(registration)],
            dedupe_key=dedupe_key,
        )


def registration_create(
    *,
    meeting: Meeting,
    name_or_nickname: str,
    email: str,
    age_group: str,
    consent: bool,
    may_contact_again: bool = False,
    area: str = "",
    organisation: str = "",
    needs: str = "",
    free_text: str = "",
    language: str = "nb",
    now: datetime | None = None,
) -> tuple[Registration, bool]:
    """Sign someone up; returns (registration, created).

    A second signup with an address already registered creates nothing: it
    e-mails that address its personal link instead, so the page that answers
    says the same in both cases and nobody learns who else is registered.
    Raises SignupClosed when signup is closed, ValidationError on bad input.
    """
    now = now or timezone.now()
    email = (email or "").strip().lower()
    if not consent:
        raise ValidationError({"consent": _("We need your consent to register you.")})
    if age_group not in AgeGroup.values:
        raise ValidationError({"age_group": _("Choose your age group.")})
    if not (name_or_nickname or "").strip():
        raise ValidationError({"name_or_nickname": _("Write your name or a nickname.")})
    registration = Registration(
        meeting=meeting,
        name_or_nickname=name_or_nickname.strip(),
        email=email,
        age_group=age_group,
        area=area if meeting.ask_area else "",
        organisation=organisation if meeting.ask_organisation else "",
        needs=needs if meeting.ask_needs else "",
        free_text=free_text if meeting.ask_free_text else "",
        consent_given_at=now,
        consent_text_version=consent_text_version(age_group=age_group, language=language or "nb"),
        may_contact_again=bool(may_contact_again),
        status=RegistrationStatus.CONFIRMED,  # decided below, under the lock
        language=language or "nb",
    )
    # Checked before the meeting is locked, so other signups do not wait for it. The one-active-
    # signup-per-address constraint is left to the lookup below and to the database (IntegrityError).
    registration.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            # Lock the meeting row: two signups for the last seat are decided one after the other.
            meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
            existing = meeting.registrations.exclude(status=RegistrationStatus.CANCELLED).filter(email=email).first()
            if existing:
                _send_already_registered(existing)
                return existing, False
            confirmed = meeting.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
            reason = signup_closed_reason(meeting, now=now, confirmed_count=confirmed)
            if reason:
                raise SignupClosed(reason)
            registration.meeting = meeting
            registration.status = (
                RegistrationStatus.CONFIRMED if confirmed < meeting.capacity else RegistrationStatus.WAITLISTED
            )
            registration.save()
            if registration.status == RegistrationStatus.CONFIRMED:
                _mark_passed_reminders(registration, now)
            _send_registration_email(registration, "confirmation", f"dialogues:confirmation:{registration.pk}")
            return registration, True
    except IntegrityError:
        # A simultaneous signup with the same address won the race: answer as for a duplicate.
        existing = meeting.registrations.exclude(status=RegistrationStatus.CANCELLED).filter(email=email).first()
        if existing is None:
            raise
        _send_already_registered(existing)
        return existing, False


def _send_already_registered(registration: Registration) -> None:
    with override(registration.language):
        email_queue_from_templates(
            to=registration.email,
            template="dialogues/email/already_registered",
            context={"registration": registration, "meeting": registration.meeting.localized(registration.language)},
        )


@transaction.atomic
def registration_cancel(*, registration: Registration, now: datetime | None = None) -> Registration | None:
    """Cancel a registration; a freed seat goes to the first on the waiting list, who is told by e-mail.

    Returns the promoted registration, if any.
    """
    now = now or timezone.now()
    registration = Registration.objects.select_for_update().select_related("meeting").get(pk=registration.pk)
    meeting = Meeting.objects.select_for_update().get(pk=registration.meeting_id)
    if registration.status == RegistrationStatus.CANCELLED:
        return None
    was_confirmed = registration.status == RegistrationStatus.CONFIRMED
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = now
    registration.group = None
    registration.save(update_fields=["status", "cancelled_at", "group"])
    if not was_confirmed or meeting.starts_at <= now:
        return None
    return _promote_from_waitlist(meeting, now)


@transaction.atomic
def registration_withdraw_consent(*, registration: Registration) -> None:
    """The participant withdraws consent: the registration is cancelled and everything identifying them removed.

    The anonymous row stays so the meeting's counts stay right.
    """
    registration_cancel(registration=registration)
    registrations_anonymise(Registration.objects.filter(pk=registration.pk))
    audit_record(actor=None, action=Action.PERSONAL_DATA_ERASED, detail=f"consent withdrawn for registration {registration.pk}")


def _promote_from_waitlist(meeting: Meeting, now: datetime) -> Registration | None:
    confirmed = meeting.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
    if confirmed >= meeting.capacity:
        return None
    promoted = (
        meeting.registrations.select_for_update()
        .filter(status=RegistrationStatus.WAITLISTED)
        .order_by("created_at", "id")
        .first()
    )
    if promoted is None:
        return None
    promoted.status = RegistrationStatus.CONFIRMED
    promoted.save(update_fields=["status"])
    promoted.meeting = meeting
    _mark_passed_reminders(promoted, now)
    _send_registration_email(promoted, "promoted", f"dialogues:promoted:{promoted.pk}")
    return promoted


# Reminders -----------------------------------------------------------------------------------


def reminders_send_due(*, now: datetime | None = None, chunk_size: int = REMINDER_CHUNK_SIZE) -> int:
    """Queue the reminder e-mails that are due; returns how many were queued.

    For each confirmed registration and each reminder time that has come, a
    ReminderSent row is created in the same transaction as the e-mail (one
    transaction per chunk), so a second run, or a run after a crash
    mid-batch, queues nothing twice. When several reminder times have come at
    once (the scheduler was down), one e-mail covers them all.
    """
    now = now or timezone.now()
    meetings = Meeting.objects.filter(
        starts_at__gt=now, starts_at__lte=now + timedelta(hours=MAX_REMINDER_OFFSET_HOURS)
    ).select_related("initiative__owner_organisation")
    queued = 0
    for meeting in meetings:
        due = _passed_offsets(meeting, now)
        if not due:
            continue
        pending = (
            meeting.registrations.filter(status=RegistrationStatus.CONFIRMED)
            .annotate(handled=Count("reminders", filter=Q(reminders__offset_hours__in=due)))
            .filter(handled__lt=len(due))
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        last_pk = 0
        while True:
            chunk = list(pending.filter(pk__gt=last_pk)[:chunk_size])
            if not chunk:
                break
            last_pk = chunk[-1]
            queued += _send_reminder_chunk(meeting, chunk, due)
    return queued


@transaction.atomic
def _send_reminder_chunk(meeting: Meeting, registration_ids: list[int], due: list[int]) -> int:
    registrations = (
        Registration.objects.select_for_update()
        .filter(pk__in=registration_ids, status=RegistrationStatus.CONFIRMED)
        .order_by("pk")
    )
    done = set(
        ReminderSent.objects.filter(registration_id__in=registration_ids, offset_hours__in=due).values_list(
            "registration_id", "offset_hours"
        )
    )
    queued = 0
    for registration in registrations:
        missing = [o for o in due if (registration.pk, o) not in done]
        if not missing:
            continue
        # The rows first: they are the fact that makes the e-mail happen once.
        ReminderSent.objects.bulk_create(
            [ReminderSent(registration=registration, offset_hours=o) for o in missing]
        )
        registration.meeting = meeting
        offset = min(missing)
        with override(registration.language):
            email_queue_from_templates(
                to=registration.email,
                template="dialogues/email/reminder",
                context={"registration": registration, "meeting": meeting.localized(registration.language)},
                dedupe_key=f"dialogues:reminder:{registration.pk}:{offset}",
            )
        queued += 1
    return queued


# Running the meeting --------------------------------------------------------------------------


@transaction.atomic
def registration_set_attended(*, registration: Registration, attended: bool) -> Registration:
    if registration.status == RegistrationStatus.CANCELLED and attended:
        raise ValidationError(_("A cancelled registration cannot be marked as present."))
    registration.attended = attended
    registration.save(update_fields=["attended"])
    return registration


def _group_facilitator_check(meeting: Meeting, facilitator_user) -> None:
    """A facilitator with an account must be a partner of the meeting's initiative (it gives them the group)."""
    if facilitator_user is not None and not meeting.initiative.partnerships.filter(user=facilitator_user).exists():
        raise ValidationError({"facilitator_user": _("Choose a partner of this initiative.")})


@transaction.atomic
def group_create(
    *, meeting: Meeting, name: str, facilitator: str = "", facilitator_user=None, note_taker: str = ""
) -> Group:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the group a name.")})
    if meeting.groups.filter(name__iexact=name).exists():
        raise ValidationError({"name": _("The meeting already has a group with this name.")})
    _group_facilitator_check(meeting, facilitator_user)
    return Group.objects.create(
        meeting=meeting, name=name, facilitator=facilitator, facilitator_user=facilitator_user, note_taker=note_taker
    )


@transaction.atomic
def group_delete(*, group: Group) -> None:
    group.delete()


AGE_ORDER = {value: index for index, value in enumerate(AgeGroup.values)}


class DistributeWho:
    """Whom "Fordel" places: the people checked in at the door, or (before the meeting) everyone confirmed."""

    PRESENT = "present"
    CONFIRMED = "confirmed"


@transaction.atomic
def groups_distribute(*, meeting: Meeting, mode: str, who: str = DistributeWho.PRESENT) -> int:
    """Put the participants in groups: "even" round-robin, or "age" keeping age groups together.

    With who="present" only those checked in are placed and anyone who did not come leaves their group,
    so a group's list is the people in the room. Returns how many participants were placed.
    """
    groups = list(meeting.groups.order_by("name", "id"))
    if not groups:
        raise ValidationError(_("Create at least one group first."))
    if mode not in ("even", "age"):
        raise ValidationError(_("Unknown way of distributing."))
    if who not in (DistributeWho.PRESENT, DistributeWho.CONFIRMED):
        raise ValidationError(_("Choose whom to distribute."))
    confirmed = meeting.registrations.select_for_update().filter(status=RegistrationStatus.CONFIRMED)
    if who == DistributeWho.PRESENT:
        if not confirmed.filter(attended=True).exists():
            raise ValidationError(
                _("Nobody has been checked in yet. Check people in on the participant list, or distribute everyone.")
            )
        confirmed.filter(attended=False).update(group=None)
        confirmed = confirmed.filter(attended=True)
    people = list(confirmed.order_by("created_at", "id"))
    if mode == "even":
        for index, person in enumerate(people):
            person.group = groups[index % len(groups)]
    else:
        # Sorted by age, then cut into consecutive blocks of (nearly) equal size.
        people.sort(key=lambda p: (AGE_ORDER.get(p.age_group, 99), p.created_at, p.pk))
        size, extra = divmod(len(people), len(groups))
        start = 0
        for index, group in enumerate(groups):
            end = start + size + (1 if index < extra else 0)
            for person in people[start:end]:
                person.group = group
            start = end
    Registration.objects.bulk_update(people, ["group"])
    return len(people)


@transaction.atomic
def group_move(*, meeting: Meeting, registration_id, group_id) -> Registration:
    """Move one participant to another group of the same meeting (or out of any group: group_id empty).

    Both ids come from a form, so both are looked up inside this meeting: nothing else can be reached.
    """
    registration = (
        meeting.registrations.select_for_update()
        .filter(pk=int_or_none(registration_id), status=RegistrationStatus.CONFIRMED)
        .first()
    )
    if registration is None:
        raise ValidationError(_("Choose a participant of this meeting."))
    group = None
    if group_id not in (None, ""):
        group = meeting.groups.filter(pk=int_or_none(group_id)).first()
        if group is None:
            raise ValidationError(_("Choose a group of this meeting."))
    registration.group = group
    registration.save(update_fields=["group"])
    return registration


@transaction.atomic
def meeting_message_send(
    *, meeting: Meeting, subject: str, body: str, sent_by=None, include_waitlist: bool = False
) -> MeetingMessage:
    """E-mail a message to the meeting's participants, one e-mail each, queued through Celery."""
    if not (subject or "").strip() or not (body or "").strip():
        raise ValidationError(_("Write both a subject and a message."))
    statuses = [RegistrationStatus.CONFIRMED]
    if include_waitlist:
        statuses.append(RegistrationStatus.WAITLISTED)
    message = MeetingMessage.objects.create(
        meeting=meeting, subject=subject.strip(), body=body.strip(), sent_by=sent_by, include_waitlist=include_waitlist
    )
    count = 0
    for registration in meeting.registrations.filter(status__in=statuses).order_by("pk"):
        registration.meeting = meeting
        with override(registration.language):
            email_queue_from_templates(
                to=registration.email,
                template="dialogues/email/message",
                context={
                    "registration": registration, "meeting": meeting.localized(registration.language), "message": message,
                },
                dedupe_key=f"dialogues:message:{message.pk}:{registration.pk}",
            )
        count += 1
    message.recipient_count = count
    message.save(update_fields=["recipient_count"])
    return message


def participant_list_access_log(*, user, meeting: Meeting, exported: bool = False) -> None:
    """Record a view or export of the participant list in the audit log (the one record of who saw whom)."""
    audit_record(
        actor=user,
        action=Action.PERSONAL_DATA_EXPORTED if exported else Action.PERSONAL_DATA_VIEWED,
        obj=meeting,
        detail="participant list",
    )
