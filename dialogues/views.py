"""Dialogue meeting pages: the coordinators' and partners' pages, and the citizens' public pages."""
import io
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from initiatives import selectors as initiative_selectors
from initiatives import services as initiative_services
from initiatives.access import load_initiative
from innbyggerstemmen.core.access import found_or_404
from innbyggerstemmen.core.bot_protection import form_token_claim, restart_form, url_slug
from innbyggerstemmen.core.exports import CSV_CONTENT_TYPE, attachment
from innbyggerstemmen.core.htmx import redirect_unless_htmx
from innbyggerstemmen.core.row_urls import url_per_row

from . import exports, selectors, services
from . import reach as reach_selectors
from .forms import GroupForm, MeetingForm, MessageForm, SignupForm, TargetGroupSizeForm
from .live import selectors as live_selectors
from .models import Group, Meeting, Registration, RegistrationStatus

VIEW = "dialogues.view_meeting"
CHANGE = "dialogues.change_meeting"
VIEW_PARTICIPANTS = "dialogues.view_participants"
CHANGE_PARTICIPANTS = "dialogues.change_participants"


def _load_meeting(request, pk: int, meeting_pk: int, perm: str = VIEW):
    """The meeting through its initiative: 404 if the initiative is invisible, 403 if ``perm`` is missing."""
    initiative = load_initiative(request, pk, perm)
    return initiative, found_or_404(selectors.meeting_get, initiative=initiative, pk=meeting_pk)


# Coordinators and partners ----------------------------------------------------------------


@login_required
def meeting_list(request, pk):
    initiative = load_initiative(request, pk, VIEW)
    return render(
        request,
        "dialogues/meeting_list.html",
        {
            "initiative": initiative,
            "meetings": selectors.meeting_list(initiative=initiative),
            "can_change": request.user.has_perm(CHANGE, initiative),
        },
    )


@login_required
def meeting_create(request, pk):
    initiative = load_initiative(request, pk, CHANGE)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(initiative=initiative, user=request.user, **form.service_fields())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The meeting was created. Share the public link to invite people."))
            _warn_outside_period(request, meeting)
            return redirect(meeting)
    return render(request, "dialogues/meeting_form.html", {"initiative": initiative, "form": form})


@login_required
def meeting_edit(request, pk, meeting_pk):
    initiative, meeting = _load_meeting(request, pk, meeting_pk, CHANGE)
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(meeting=meeting, **form.service_fields())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your changes were saved."))
            _warn_outside_period(request, meeting)
            return redirect(meeting)
    return render(
        request, "dialogues/meeting_form.html", {"initiative": initiative, "meeting": meeting, "form": form}
    )


def _warn_outside_period(request, meeting) -> None:
    warning = services.meeting_period_warning(meeting)
    if warning:
        messages.warning(request, warning)


@login_required
def meeting_follow_up(request, pk, meeting_pk):
    initiative, meeting = _load_meeting(request, pk, meeting_pk, CHANGE)
    if request.method == "POST":
        form = MeetingForm(request.POST)
        if form.is_valid():
            try:
                follow_up, invited = services.meeting_create_follow_up(
                    meeting=meeting, user=request.user, **form.service_fields()
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    ngettext(
                        "The follow-up meeting was created and %(count)s participant was invited.",
                        "The follow-up meeting was created and %(count)s participants were invited.",
                        invited,
                    )
                    % {"count": invited},
                )
                return redirect(follow_up)
    else:
        copied = {field: getattr(meeting, field) for field in services.MEETING_FIELDS}
        copied.update(title=_("%(title)s – follow-up") % {"title": meeting.title}, starts_at=None, ends_at=None)
        copied["signup_deadline"] = None
        form = MeetingForm(initial=copied)
    invitees = selectors.meeting_contactable_registrations(meeting=meeting).count()
    return render(
        request,
        "dialogues/meeting_form.html",
        {"initiative": initiative, "form": form, "follow_up_of": meeting, "invitee_count": invitees},
    )


@login_required
def meeting_detail(request, pk, meeting_pk):
    initiative, meeting = _load_meeting(request, pk, meeting_pk)
    user = request.user
    return render(
        request,
        "dialogues/meeting_detail.html",
        {
            "initiative": initiative,
            "meeting": meeting,
            "can_change": user.has_perm(CHANGE, initiative),
            "can_view_participants": user.has_perm(VIEW_PARTICIPANTS, initiative),
            "closed_reason": services.signup_closed_reason(meeting, confirmed_count=meeting.confirmed_count),
            "follow_ups": meeting.follow_ups.order_by("starts_at"),
            # Those who run the meeting, and a partner who facilitates one of its groups.
            "can_use_live_wall": live_selectors.moderated_group_ids(meeting=meeting, user=user) != set(),
        },
    )


@login_required
def meeting_qr(request, pk, meeting_pk, fmt):
    _initiative, meeting = _load_meeting(request, pk, meeting_pk)
    qr = segno.make(meeting.public_link, error="m")
    buffer = io.BytesIO()
    if fmt == "svg":
        qr.save(buffer, kind="svg", scale=10, border=4, title=meeting.title, xmldecl=True)
        content_type = "image/svg+xml"
    else:
        qr.save(buffer, kind="png", scale=12, border=4)
        content_type = "image/png"
    response = HttpResponse(buffer.getvalue(), content_type=content_type)
    if request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="qr-{meeting.slug}.{fmt}"'
    return response


# Rows per page of the participant list: a normal dialogue meeting fits on one page, so check-in on a
# phone needs no paging; larger ones are split, with a search by name or e-mail to find someone at
# the door. More rows per page would make every look at a large meeting slow to render.
PARTICIPANTS_PER_PAGE = 100


def _with_toggle_urls(initiative, meeting, registrations):
    """Give each row its check-in address: reversed once, the registration's key put in per row."""
    toggle_url = url_per_row("dialogues:attendance_toggle", initiative.pk, meeting.pk)
    for registration in registrations:
        registration.toggle_url = toggle_url(registration.pk)
    return registrations


def _list_position(data) -> dict:
    """The page number and search of the participant list, so a check-in without JavaScript returns there."""
    try:
        page = max(1, int(data.get("page") or 1))
    except ValueError:
        page = 1
    return {"page_number": page, "search": data.get("q", "").strip()[:100]}


def _participants_context(request, initiative, meeting):
    position = _list_position(request.GET)
    start = (position["page_number"] - 1) * PARTICIPANTS_PER_PAGE
    # One row more than a page tells whether there is a next page, without counting every registration.
    rows = list(
        selectors.participant_list(meeting=meeting, search=position["search"])[start : start + PARTICIPANTS_PER_PAGE + 1]
    )
    return {
        "initiative": initiative,
        "meeting": meeting,
        "registrations": _with_toggle_urls(initiative, meeting, rows[:PARTICIPANTS_PER_PAGE]),
        "has_next": len(rows) > PARTICIPANTS_PER_PAGE,
        "can_change": request.user.has_perm(CHANGE_PARTICIPANTS, initiative),
        **position,
    }


@login_required
@never_cache
def participants(request, pk, meeting_pk):
    initiative, meeting = _load_meeting(request, pk, meeting_pk, VIEW_PARTICIPANTS)
    services.participant_list_access_log(user=request.user, meeting=meeting)
    return render(request, "dialogues/participants.html", _participants_context(request, initiative, meeting))


@login_required
@require_POST
def attendance_toggle(request, pk, meeting_pk, registration_pk):
    initiative, meeting = _load_meeting(request, pk, meeting_pk, CHANGE_PARTICIPANTS)
    registration = get_object_or_404(Registration.objects.select_related("group"), pk=registration_pk, meeting=meeting)
    try:
        services.registration_set_attended(registration=registration, attended=request.POST.get("attended") == "1")
    except ValidationError as error:
        if request.htmx:
            return HttpResponse(status=400)
        messages.error(request, " ".join(error.messages))
    _with_toggle_urls(initiative, meeting, [registration])
    position = _list_position(request.POST)
    context = {
        "initiative": initiative, "meeting": meeting, "registration": registration, "can_change": True, **position
    }
    back = {"page": position["page_number"]} if position["page_number"] > 1 else {}
    if position["search"]:
        back["q"] = position["search"]
    return redirect_unless_htmx(
        request,
        reverse("dialogues:participants", args=[pk, meeting_pk])
        + (f"?{urlencode(back)}" if back else "")
        + f"#registration-{registration.pk}",
        lambda: render(request, "dialogues/_participant_row.html", context),
    )


@login_required
@never_cache
def participants_export(request, pk, meeting_pk):
    _initiative, meeting = _load_meeting(request, pk, meeting_pk, VIEW_PARTICIPANTS)
    services.participant_list_access_log(user=request.user, meeting=meeting, exported=True)
    return attachment(
        exports.participants_csv(meeting=meeting),
        filename=f"deltakere-{meeting.slug}.csv",
        content_type=CSV_CONTENT_TYPE,
    )


def _group_form(initiative, data=None):
    return GroupForm(data, partners=initiative_selectors.partner_users(initiative=initiative))


def _groups_page(request, initiative, meeting, form=None, status=200):
    groups, unassigned = selectors.group_list(meeting=meeting), selectors.group_unassigned(meeting=meeting)
    return render(
        request,
        "dialogues/groups.html",
        {
            "initiative": initiative,
            "meeting": meeting,
            "groups": groups,
            "form": form or _group_form(initiative),
            "unassigned": unassigned,
            "present_count": meeting.registrations.filter(status=RegistrationStatus.CONFIRMED, attended=True).count(),
        },
        status=status,
    )


@login_required
def groups(request, pk, meeting_pk):
    initiative, meeting = _load_meeting(request, pk, meeting_pk, CHANGE_PARTICIPANTS)
    if request.method == "POST":
        form = _group_form(initiative, request.POST)
        if form.is_valid():
            try:
                services.group_create(meeting=meeting, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The group was created."))
                return redirect("dialogues:groups", pk=pk, meeting_pk=meeting_pk)
        return _groups_page(request, initiative, meeting, form, status=400)
    return _groups_page(request, initiative, meeting)


@login_required
@require_POST
def groups_distribute(request, pk, meeting_pk):
    _initiative, meeting = _load_meeting(request, pk, meeting_pk, CHANGE_PARTICIPANTS)
    try:
        placed = services.groups_distribute(
            meeting=meeting, mode=request.POST.get("mode", ""), who=request.POST.get("who", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            ngettext(
                "%(count)s participant was placed in a group.", "%(count)s participants were placed in groups.", placed
            )
            % {"count": placed},
        )
    return redirect("dialogues:groups", pk=pk, meeting_pk=meeting_pk)


@login_required
@require_POST
def group_move(request, pk, meeting_pk):
    _initiative, meeting = _load_meeting(request, pk, meeting_pk, CHANGE_PARTICIPANTS)
    try:
        moved = services.group_move(
            meeting=meeting, registration_id=request.POST.get("registration"), group_id=request.POST.get("group")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if moved.group:
            text = _("%(name)s was moved to %(group)s.") % {"name": moved.name_or_nickname, "group": moved.group.name}
        else:
            text = _("%(name)s is no longer in a group.") % {"name": moved.name_or_nickname}
        messages.success(request, text)
    return redirect("dialogues:groups", pk=pk, meeting_pk=meeting_pk)


@login_required
@require_POST
def group_delete(request, pk, meeting_pk, group_pk):
    _initiative, meeting = _load_meeting(request, pk, meeting_pk, CHANGE_PARTICIPANTS)
    services.group_delete(group=get_object_or_404(Group, pk=group_pk, meeting=meeting))
    messages.success(request, _("The group was deleted."))
    return redirect("dialogues:groups", pk=pk, meeting_pk=meeting_pk)


@login_required
def message_send(request, pk, meeting_pk):
    initiative, meeting = _load_meeting(request, pk, meeting_pk, CHANGE_PARTICIPANTS)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            message = services.meeting_message_send(meeting=meeting, sent_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                ngettext(
                    "The message is being sent to %(count)s participant.",
                    "The message is being sent to %(count)s participants.",
                    message.recipient_count,
                )
                % {"count": message.recipient_count},
            )
            return redirect(meeting)
    return render(
        request,
        "dialogues/message_form.html",
        {
            "initiative": initiative,
            "meeting": meeting,
            "form": form,
            "sent_messages": meeting.messages.select_related("sent_by")[:20],
        },
    )


# Who we reach -------------------------------------------------------------------------------


def _reach_forms(initiative, data=None):
    sizes = {row.target_group_id: row for row in initiative_selectors.target_group_sizes(initiative=initiative)}
    return [
        TargetGroupSizeForm(data, target_group=group, size_row=sizes.get(group.pk))
        for group in initiative.target_groups.order_by("name")
    ]


@login_required
def reach(request, pk):
    """Each target group's reach against its size; the panel alone for the initiative page and survey results."""
    initiative = load_initiative(request, pk, VIEW)
    can_change = request.user.has_perm("initiatives.change_initiative", initiative)
    forms_ = _reach_forms(initiative)
    status = 200
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        forms_ = _reach_forms(initiative, request.POST)
        if all(form.is_valid() for form in forms_):
            try:
                for form in forms_:
                    initiative_services.target_group_size_set(
                        initiative=initiative, target_group_id=form.target_group.pk, **form.cleaned_data
                    )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Your changes were saved."))
                return redirect("dialogues:reach", pk=initiative.pk)
        status = 400
    context = {"initiative": initiative, "reach": reach_selectors.target_group_reach(initiative=initiative)}
    if request.htmx:
        return render(request, "dialogues/_reach_panel.html", context)
    return render(request, "dialogues/reach.html", {**context, "forms": forms_ if can_change else []}, status=status)


# Citizens (no account) ----------------------------------------------------------------------


def signup_rate(group, request):
    return settings.DIALOGUES_SIGNUP_RATE


def signup_meeting_rate(group, request):
    return settings.DIALOGUES_SIGNUP_MEETING_RATE


def _public_page(request, meeting, form, *, status=200, error=""):
    closed_reason = services.signup_closed_reason(meeting, confirmed_count=meeting.confirmed_count)
    return render(
        request,
        "dialogues/public/meeting.html",
        {
            # In the visitor's language where the coordinator wrote it, else as written (the page says so).
            "meeting": meeting.localized(),
            "method": meeting.method.localized() if meeting.method_id else None,
            "form": form,
            "closed_reason": closed_reason,
            "error": error,
            "organisations": selectors.inviting_organisations(meeting=meeting),
            "is_full": meeting.confirmed_count >= meeting.capacity,
        },
        status=status,
    )


@never_cache
@ratelimit(key="ip", rate=signup_rate, method="POST", block=False, group="dialogues.signup")
@ratelimit(key=url_slug, rate=signup_meeting_rate, method="POST", block=False, group="dialogues.signup-meeting")
def public_meeting(request, slug):
    meeting = found_or_404(selectors.meeting_public, slug=slug)
    if request.method != "POST":
        return _public_page(request, meeting, SignupForm(meeting=meeting))
    form = SignupForm(request.POST, meeting=meeting)
    if getattr(request, "limited", False):
        return _public_page(
            request,
            meeting,
            form,
            status=429,
            error=_("Too many signups have been sent in a short time. Please wait a while and try again."),
        )
    if not form.is_valid():
        restart_form(form)
        return _public_page(request, meeting, form, status=400)
    if not form_token_claim(form):
        # This form was sent before (a double click, or a replayed token): nothing new, no second e-mail.
        return redirect("dialogues:public_thanks", slug=meeting.slug)
    try:
        registration, created = services.registration_create(
            meeting=meeting, language=getattr(request, "LANGUAGE_CODE", "nb"), **form.service_fields()
        )
    except services.SignupClosed as closed:
        return _public_page(request, meeting, form, status=409, error=" ".join(closed.messages))
    except ValidationError as error:
        form.add_error(None, error)
        return _public_page(request, meeting, form, status=400)
    request.session[_outcome_key(meeting)] = selectors.signup_outcome(registration=registration, created=created)
    return redirect("dialogues:public_thanks", slug=meeting.slug)


def _outcome_key(meeting) -> str:
    return f"signup-outcome:{meeting.pk}"


@never_cache
def public_thanks(request, slug):
    meeting = get_object_or_404(Meeting.objects.select_related("initiative"), slug=slug)
    # This browser's last signup for the meeting; a shared link shows the general page.
    outcome = request.session.get(_outcome_key(meeting))
    return render(request, "dialogues/public/thanks.html", {"meeting": meeting, "outcome": outcome})


@never_cache
def manage_registration(request, token):
    registration = found_or_404(selectors.registration_by_token, token=token)
    if request.method == "POST":
        if request.POST.get("action") == "withdraw":
            meeting = registration.meeting
            services.registration_withdraw_consent(registration=registration)
            return render(request, "dialogues/public/withdrawn.html", {"meeting": meeting})
        if request.POST.get("action") == "cancel":
            services.registration_cancel(registration=registration)
            messages.success(request, _("Your registration is cancelled. Thank you for letting us know."))
        return redirect("dialogues:manage_registration", token=token)
    position = (
        selectors.waitlist_position(registration=registration)
        if registration.status == RegistrationStatus.WAITLISTED
        else 0
    )
    response = render(
        request,
        "dialogues/public/manage.html",
        {"registration": registration, "meeting": registration.meeting, "position": position},
    )
    response["X-Robots-Tag"] = "noindex"
    return response
