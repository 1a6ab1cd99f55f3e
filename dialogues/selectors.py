"""Reads for dialogue meetings: each returns its rows with the joins done once."""
from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When

from initiatives import selectors as initiative_selectors
from innbyggerstemmen.core.counting import count_of

from .models import Group, Meeting, Registration, RegistrationStatus


def _with_counts(queryset: QuerySet[Meeting]) -> QuerySet[Meeting]:
    # Counted per meeting from the (meeting, status) index, not joined and grouped by every selected column.
    return queryset.annotate(
        confirmed_count=count_of(Registration.objects.filter(status=RegistrationStatus.CONFIRMED), "meeting"),
        waitlisted_count=count_of(Registration.objects.filter(status=RegistrationStatus.WAITLISTED), "meeting"),
    )


def meeting_list(*, initiative) -> QuerySet[Meeting]:
    return _with_counts(initiative.meetings.select_related("method")).order_by("starts_at", "id")


def meeting_get(*, initiative, pk: int) -> Meeting:
    """One meeting of the initiative with its counts; raises Meeting.DoesNotExist."""
    return _with_counts(
        Meeting.objects.filter(initiative=initiative).select_related("method", "follow_up_of")
    ).get(pk=pk)


def meeting_public(*, slug: str) -> Meeting:
    """The meeting behind a public address, with the organisations that invite; raises Meeting.DoesNotExist."""
    return _with_counts(Meeting.objects.select_related("method", "initiative__owner_organisation")).get(slug=slug)


def inviting_organisations(*, meeting: Meeting) -> list[str]:
    """Who invites: the owner organisation first, then the partners' organisations from accepted invitations."""
    owner = meeting.initiative.owner_organisation.name
    partners = initiative_selectors.partner_organisation_names(initiative_id=meeting.initiative_id)
    return [owner, *[name for name in partners if name != owner]]


def participant_list(*, meeting: Meeting, include_cancelled: bool = True, search: str = "") -> QuerySet[Registration]:
    """The meeting's registrations, confirmed first; ``search`` keeps those whose name or e-mail contains it."""
    registrations = meeting.registrations.select_related("group")
    if search:
        registrations = registrations.filter(Q(name_or_nickname__icontains=search) | Q(email__icontains=search))
    if not include_cancelled:
        registrations = registrations.exclude(status=RegistrationStatus.CANCELLED)
    status_order = Case(
        When(status=RegistrationStatus.CONFIRMED, then=Value(0)),
        When(status=RegistrationStatus.WAITLISTED, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return registrations.order_by(status_order, "created_at", "id")


def group_list(*, meeting: Meeting) -> QuerySet[Group]:
    active = meeting.registrations.filter(status=RegistrationStatus.CONFIRMED).order_by("name_or_nickname", "id")
    return (
        meeting.groups.select_related("facilitator_user")
        .prefetch_related(Prefetch("registrations", queryset=active, to_attr="members"))
        .order_by("name", "id")
    )


def group_unassigned(*, meeting: Meeting) -> QuerySet[Registration]:
    """Confirmed participants in no group, those checked in first: they are the ones to place at the door."""
    return meeting.registrations.filter(status=RegistrationStatus.CONFIRMED, group__isnull=True).order_by(
        "-attended", "name_or_nickname", "id"
    )


def registration_by_token(*, token: str) -> Registration:
    return Registration.objects.select_related("meeting__initiative__owner_organisation", "meeting__method").get(
        token=token
    )


def meeting_contactable_registrations(*, meeting: Meeting) -> QuerySet[Registration]:
    """A meeting's participants who agreed to be contacted again and did not cancel, in signup order."""
    return (
        meeting.registrations.filter(may_contact_again=True)
        .exclude(status=RegistrationStatus.CANCELLED)
        .order_by("created_at", "id")
    )


def contactable_participants(*, initiative) -> dict[str, str]:
    """The initiative's meeting participants who agreed to be contacted again: {address in lower case: the
    language of their latest signup}, so what is sent to them later is in the language they used."""
    rows = (
        Registration.objects.filter(meeting__initiative=initiative, may_contact_again=True)
        .exclude(status=RegistrationStatus.CANCELLED)
        .exclude(email="")
        .order_by("created_at", "id")
        .values_list("email", "language")
    )
    return {email.lower(): language for email, language in rows}


def contactable_participant_emails(*, initiative) -> list[str]:
    """The same people's addresses, each once, sorted."""
    return sorted(contactable_participants(initiative=initiative))


def meeting_choices(*, initiative) -> QuerySet[Meeting]:
    """The initiative's dialogue meetings, newest first (e.g. for "where an insight came from")."""
    return Meeting.objects.filter(initiative=initiative).order_by("-starts_at")


def waitlist_position(*, registration: Registration) -> int:
    """1 for the first in the queue: the order in which a freed seat is offered (services._promote_from_waitlist)."""
    ahead = registration.meeting.registrations.filter(status=RegistrationStatus.WAITLISTED).filter(
        Q(created_at__lt=registration.created_at) | Q(created_at=registration.created_at, id__lt=registration.id)
    )
    return ahead.count() + 1


def signup_outcome(*, registration: Registration, created: bool) -> dict:
    """What the thank-you page says about a signup: a seat, or a place in the waiting-list queue.

    A signup with an address already registered created nothing; the page then says what a
    new signup would get now (and the e-mail tells that address the truth), so the page
    never shows whether an address is registered.
    """
    meeting = registration.meeting
    if created:
        waitlisted = registration.status == RegistrationStatus.WAITLISTED
        return {"waitlisted": waitlisted, "position": waitlist_position(registration=registration) if waitlisted else 0}
    counts = meeting.registrations.aggregate(
        confirmed=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED)),
        waitlisted=Count("pk", filter=Q(status=RegistrationStatus.WAITLISTED)),
    )
    if counts["confirmed"] < meeting.capacity:
        return {"waitlisted": False, "position": 0}
    return {"waitlisted": True, "position": counts["waitlisted"] + 1}
