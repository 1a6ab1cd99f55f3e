"""Live wall pages: the hosts' page and the room's screen, the phones' posting page, and the shared wall."""
import secrets

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from dialogues import selectors as meeting_selectors
from initiatives.access import load_initiative
from innbyggerstemmen.core.access import found_or_404
from innbyggerstemmen.core.bot_protection import form_token_claim, restart_form
from innbyggerstemmen.core.client_address import client_address
from innbyggerstemmen.core.pdf import render_pdf

from . import selectors, services
from .forms import CloseForm, MarginForm, PostForm, PromptForm

VIEW = "dialogues.view_meeting"
CHANGE = "dialogues.change_meeting"
# Seconds between two looks of the screen and the hosts' list: a post shows within 5 seconds.
POLL_SECONDS = 3


def _load(request, pk, meeting_pk, perm=VIEW):
    initiative = load_initiative(request, pk, perm)
    meeting = found_or_404(meeting_selectors.meeting_get, initiative=initiative, pk=meeting_pk)
    meeting.initiative = initiative  # the same row: the permission checks below need not read it again
    return initiative, meeting


def _load_wall(request, pk, meeting_pk, perm=VIEW):
    """The meeting's wall and the groups the user moderates (None: all); 403 for someone who moderates none."""
    initiative, meeting = _load(request, pk, meeting_pk, perm)
    wall = selectors.wall_of(meeting=meeting)
    if wall is None:
        raise Http404
    group_ids = selectors.moderated_group_ids(meeting=meeting, user=request.user)
    if group_ids is not None and not group_ids:
        raise PermissionDenied
    return initiative, meeting, wall, group_ids


def _wall_url(initiative, meeting) -> str:
    return reverse("live:wall", args=[initiative.pk, meeting.pk])


def _qr_svg(url: str) -> str:
    return segno.make(url, error="m").svg_inline(scale=6, border=2, omitsize=True)


def _code_rows(request, wall, group_ids):
    rows = []
    for code in selectors.wall_codes(wall=wall):
        if group_ids is not None and code.group_id not in group_ids:
            continue
        url = request.build_absolute_uri(reverse("live:post", args=[code.code]))
        rows.append({"code": code, "url": url, "qr": _qr_svg(url)})
    return rows


# The hosts' page ----------------------------------------------------------------------------------


@login_required
@never_cache
def wall(request, pk, meeting_pk):
    initiative, meeting = _load(request, pk, meeting_pk)
    can_run = request.user.has_perm(CHANGE, initiative)
    live_wall = selectors.wall_of(meeting=meeting)
    if live_wall is None:
        if not can_run:
            raise Http404
        return render(request, "live/wall_off.html", {"initiative": initiative, "meeting": meeting})
    return _wall_page(request, initiative, meeting, live_wall)


def _wall_page(request, initiative, meeting, live_wall, *, prompt_form=None, margin_form=None, status=200):
    group_ids = selectors.moderated_group_ids(meeting=meeting, user=request.user)
    if group_ids is not None and not group_ids:
        raise PermissionDenied
    return render(
        request,
        "live/wall.html",
        {
            "initiative": initiative,
            "meeting": meeting,
            "wall": live_wall,
            "can_run": group_ids is None,
            "closed_reason": services.capture_closed_reason(live_wall),
            "window": services.capture_window(live_wall),
            "prompts": selectors.wall_prompts(wall=live_wall),
            "suggested_prompts": selectors.suggested_prompts(wall=live_wall),
            "codes": _code_rows(request, live_wall, group_ids),
            "counts": selectors.wall_counts(wall=live_wall),
            "posts": selectors.moderation_posts(wall=live_wall, group_ids=group_ids),
            "prompt_form": prompt_form or PromptForm(),
            "margin_form": margin_form or MarginForm(instance=live_wall),
            "close_form": CloseForm(),
            "similar": selectors.wall_similar_insights(wall=live_wall) if group_ids is None else [],
            "poll_seconds": POLL_SECONDS,
        },
        status=status,
    )


@login_required
@require_POST
def wall_open(request, pk, meeting_pk):
    initiative, meeting = _load(request, pk, meeting_pk, CHANGE)
    services.wall_open(meeting=meeting)
    messages.success(request, _("Live capture is on. Add the prompts, then print the links for the groups."))
    return redirect(_wall_url(initiative, meeting))


@login_required
@require_POST
def wall_margin(request, pk, meeting_pk):
    initiative, meeting, live_wall, _groups = _load_wall(request, pk, meeting_pk, CHANGE)
    form = MarginForm(request.POST, instance=live_wall)
    if form.is_valid():
        try:
            services.wall_margin_set(wall=live_wall, margin_minutes=form.cleaned_data["margin_minutes"])
        except ValidationError as error:
            form.add_error("margin_minutes", error)
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect(_wall_url(initiative, meeting))
    live_wall.refresh_from_db()
    return _wall_page(request, initiative, meeting, live_wall, margin_form=form, status=400)


@login_required
@require_POST
def prompt_add(request, pk, meeting_pk):
    initiative, meeting, live_wall, _groups = _load_wall(request, pk, meeting_pk, CHANGE)
    form = PromptForm(request.POST)
    if form.is_valid():
        try:
            services.prompt_add(wall=live_wall, text=form.cleaned_data["text"])
        except ValidationError as error:
            form.add_error("text", error)
        else:
            messages.success(request, _("The prompt was added."))
            return redirect(_wall_url(initiative, meeting) + "#prompts-heading")
    return _wall_page(request, initiative, meeting, live_wall, prompt_form=form, status=400)


@login_required
@require_POST
def prompt_delete(request, pk, meeting_pk):
    initiative, meeting, live_wall, _groups = _load_wall(request, pk, meeting_pk, CHANGE)
    try:
        services.prompt_delete(wall=live_wall, prompt_id=request.POST.get("prompt"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The prompt was removed."))
    return redirect(_wall_url(initiative, meeting) + "#prompts-heading")


@login_required
@never_cache
def wall_posts(request, pk, meeting_pk):
    """The hosts' list of posts, polled by the page so new posts and others' moderation show up."""
    initiative, meeting, live_wall, group_ids = _load_wall(request, pk, meeting_pk)
    if not request.htmx:
        return redirect(_wall_url(initiative, meeting) + "#posts-heading")
    return render(request, "live/_moderation_posts.html", _moderation_context(initiative, meeting, live_wall, group_ids))


def _moderation_context(initiative, meeting, live_wall, group_ids, error=""):
    return {
        "initiative": initiative,
        "meeting": meeting,
        "wall": live_wall,
        "posts": selectors.moderation_posts(wall=live_wall, group_ids=group_ids),
        "counts": selectors.wall_counts(wall=live_wall),
        "poll_seconds": POLL_SECONDS,
        "moderation_error": error,
    }


@login_required
@require_POST
def moderate(request, pk, meeting_pk):
    initiative, meeting, live_wall, group_ids = _load_wall(request, pk, meeting_pk)
    # One post's own button ("hide:12"), or the bar's action on the ticked posts.
    one_action, _sep, one_post = request.POST.get("one", "").partition(":")
    action = one_action or request.POST.get("action", "")
    post_ids = [one_post] if one_action else request.POST.getlist("post")
    error = ""
    try:
        if action == "merge":
            services.posts_merge(wall=live_wall, group_ids=group_ids, post_ids=post_ids)
        else:
            services.posts_moderate(wall=live_wall, group_ids=group_ids, action=action, post_ids=post_ids)
    except ValidationError as refused:
        error = " ".join(refused.messages)
    if request.htmx:
        return render(
            request, "live/_moderation_posts.html", _moderation_context(initiative, meeting, live_wall, group_ids, error)
        )
    if error:
        messages.error(request, error)
    return redirect(_wall_url(initiative, meeting) + "#posts-heading")


@login_required
@require_POST
def wall_close(request, pk, meeting_pk):
    initiative, meeting, live_wall, _groups = _load_wall(request, pk, meeting_pk, CHANGE)
    form = CloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose what happens to the hidden posts."))
        return redirect(_wall_url(initiative, meeting) + "#close-heading")
    made = services.wall_close(wall=live_wall, user=request.user, keep_hidden=form.cleaned_data["hidden_posts"] == "keep")
    messages.success(
        request,
        ngettext(
            "The wall is closed and %(count)s post became an insight.",
            "The wall is closed and %(count)s posts became insights.",
            made,
        )
        % {"count": made},
    )
    return redirect(_wall_url(initiative, meeting) + "#close-heading")


@login_required
@require_POST
def wall_share(request, pk, meeting_pk):
    initiative, meeting, live_wall, _groups = _load_wall(request, pk, meeting_pk, CHANGE)
    try:
        sent = services.wall_share(wall=live_wall)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            ngettext(
                "The wall is shared. %(count)s participant who agreed to hear more gets the link by e-mail.",
                "The wall is shared. %(count)s participants who agreed to hear more get the link by e-mail.",
                sent,
            )
            % {"count": sent},
        )
    return redirect(_wall_url(initiative, meeting) + "#share-heading")


@login_required
def codes_pdf(request, pk, meeting_pk):
    """One A4 per group (and one for the room): the prompts, the short link and its QR code, to print."""
    initiative, meeting, live_wall, group_ids = _load_wall(request, pk, meeting_pk)
    pdf = render_pdf(
        "live/codes_pdf.html",
        {
            "meeting": meeting,
            "initiative": initiative,
            "prompts": selectors.wall_prompts(wall=live_wall),
            "codes": _code_rows(request, live_wall, group_ids),
            "language": getattr(request, "LANGUAGE_CODE", "nb"),
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="vegg-{meeting.slug}.pdf"'
    return response


# The room's screen -----------------------------------------------------------------------------------


def _screen_context(request, initiative, meeting, live_wall, group_ids):
    group_id = selectors.screen_group(meeting=meeting, value=request.GET.get("gruppe"), group_ids=group_ids)
    return {
        "initiative": initiative,
        "meeting": meeting,
        "wall": live_wall,
        "group_id": group_id,
        "groups": selectors.screen_groups(meeting=meeting, group_ids=group_ids),
        "columns": selectors.screen_columns(wall=live_wall, group_ids={group_id} if group_id else group_ids),
        "poll_seconds": POLL_SECONDS,
    }


@login_required
@never_cache
def screen(request, pk, meeting_pk):
    initiative, meeting, live_wall, group_ids = _load_wall(request, pk, meeting_pk)
    context = _screen_context(request, initiative, meeting, live_wall, group_ids)
    if group_ids is None:
        context["room_url"] = request.build_absolute_uri(reverse("live:post", args=[selectors.room_code(wall=live_wall)]))
    return render(request, "live/screen.html", context)


@login_required
@never_cache
def screen_posts(request, pk, meeting_pk):
    initiative, meeting, live_wall, group_ids = _load_wall(request, pk, meeting_pk)
    if not request.htmx:
        return redirect(reverse("live:screen", args=[initiative.pk, meeting.pk]) + request.get_full_path()[len(request.path) :])
    return render(request, "live/_screen_posts.html", _screen_context(request, initiative, meeting, live_wall, group_ids))


# Phones in the room (no account) -------------------------------------------------------------------

DEVICE_COOKIE = "live_device"


def device_key(group, request) -> str:
    """django-ratelimit key: this phone (a random cookie, never stored with a post), else its network address."""
    return request.COOKIES.get(DEVICE_COOKIE) or client_address(request)


def code_key(group, request) -> str:
    return request.resolver_match.kwargs["code"]


def device_rate(group, request):
    return settings.LIVE_POST_DEVICE_RATE


def address_rate(group, request):
    return settings.LIVE_POST_RATE


def code_rate(group, request):
    return settings.LIVE_POST_CODE_RATE


def _post_page(request, code, form, *, status=200, error="", sent_prompt=None):
    live_wall = code.wall
    context = {
        "code": code,
        "meeting": live_wall.meeting.localized(),
        "form": form,
        "closed_reason": services.capture_closed_reason(live_wall),
        "error": error,
        "sent": sent_prompt is not None,
    }
    # htmx swaps only what it gets with 200: the form with its message, the text kept on any refusal.
    template = "live/public/_post_form.html" if request.htmx else "live/public/post.html"
    response = render(request, template, context, status=200 if request.htmx else status)
    if DEVICE_COOKIE not in request.COOKIES:
        response.set_cookie(
            DEVICE_COOKIE,
            secrets.token_urlsafe(16),
            max_age=24 * 60 * 60,
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response


def _fresh_form(code, prompts, prompt_id=None):
    return PostForm(prompts=prompts, initial={"prompt": prompt_id} if prompt_id else None)


@never_cache
@ratelimit(key=device_key, rate=device_rate, method="POST", block=False, group="live.post-device")
@ratelimit(key="ip", rate=address_rate, method="POST", block=False, group="live.post")
@ratelimit(key=code_key, rate=code_rate, method="POST", block=False, group="live.post-code")
def post(request, code):
    code = found_or_404(selectors.code_get, code=code)
    prompts = selectors.wall_prompts(wall=code.wall)
    if request.method != "POST":
        sent = request.GET.get("sendt")
        form = _fresh_form(code, prompts, sent)
        return _post_page(request, code, form, sent_prompt=sent)
    form = PostForm(request.POST, prompts=prompts)
    if getattr(request, "limited", False):
        return _post_page(
            request,
            code,
            restart_form(form),
            status=429,
            error=_("Many ideas have been sent from here in a short time. Please wait a minute and send it again."),
        )
    if not form.is_valid():
        return _post_page(request, code, restart_form(form), status=400)
    if not form_token_claim(form):
        # Sent before (a double tap on a slow connection): it is on the wall once; hand out a fresh form.
        return _sent(request, code, prompts, form.cleaned_data["prompt"])
    try:
        services.post_create(
            code=code,
            prompt_id=form.cleaned_data["prompt"],
            text=form.cleaned_data["text"],
            send_for_review=form.cleaned_data["send_for_review"],
        )
    except services.PersonalDataSuspected as suspected:
        form = restart_form(form)
        form.ask_for_review()
        return _post_page(request, code, form, status=400, error=suspected.messages[0])
    except ValidationError as refused:
        form = restart_form(form)
        if hasattr(refused, "error_dict"):  # a field's error lands on its field
            form.add_error(None, refused)
            return _post_page(request, code, form, status=400)
        return _post_page(request, code, form, status=409, error=" ".join(refused.messages))
    return _sent(request, code, prompts, form.cleaned_data["prompt"])


def _sent(request, code, prompts, prompt_id):
    if request.htmx:
        return _post_page(request, code, _fresh_form(code, prompts, prompt_id), sent_prompt=prompt_id)
    return redirect(reverse("live:post", args=[code.code]) + f"?sendt={prompt_id}")


@never_cache
def shared(request, slug):
    """The moderated wall, shared back with the participants: the ideas by prompt, no names."""
    live_wall = found_or_404(selectors.shared_wall, slug=slug)
    return render(
        request,
        "live/public/shared.html",
        {
            "wall": live_wall,
            "meeting": live_wall.meeting.localized(),
            "columns": selectors.screen_columns(wall=live_wall, limit=None),
        },
    )
