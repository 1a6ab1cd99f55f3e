"""The rules of a live wall: when posting is open, what a post may hold, moderation, closing and sharing back."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from dialogues import selectors as meeting_selectors
from dialogues.models import Group, Meeting
from innbyggerstemmen.core.fields import clean_text, int_or_none
from innbyggerstemmen.core.personal_text import personal_data_warnings
from innbyggerstemmen.core.services import email_queue_from_templates
from insights import services as insight_services

from .models import LiveCode, LivePost, LivePrompt, LiveWall

MAX_PROMPTS = 10
MAX_MARGIN_MINUTES = 24 * 60


class PersonalDataSuspected(ValidationError):
    """The post looks like it names someone: the participant is asked to rewrite it or send it for review."""

    def __init__(self, warnings: list[str]):
        self.warnings = warnings
        super().__init__(
            _("Your text seems to contain %(what)s. Please write it without names or contact details.")
            % {"what": _(" and ").join(warnings)},
            code="personal_data",
        )


# Turning it on, prompts and links -----------------------------------------------------------


@transaction.atomic
def wall_open(*, meeting: Meeting) -> LiveWall:
    """Turn on live capture: the wall, one link for the whole room and one per group (again: nothing new)."""
    wall, _created = LiveWall.objects.get_or_create(meeting=meeting)
    codes_ensure(wall=wall)
    return wall


def codes_ensure(*, wall: LiveWall) -> None:
    """A link for the room and for every group of the meeting, including groups added after capture was turned on."""
    LiveCode.objects.get_or_create(wall=wall, group=None)
    missing = Group.objects.filter(meeting_id=wall.meeting_id, live_code__isnull=True)
    LiveCode.objects.bulk_create([LiveCode(wall=wall, group=group) for group in missing], ignore_conflicts=True)


def wall_margin_set(*, wall: LiveWall, margin_minutes) -> LiveWall:
    minutes = int_or_none(margin_minutes)
    if minutes is None or not 0 <= minutes <= MAX_MARGIN_MINUTES:
        raise ValidationError(
            _("Write the margin as a number of minutes from 0 to %(max)s.") % {"max": MAX_MARGIN_MINUTES}
        )
    wall.margin_minutes = minutes
    wall.save(update_fields=["margin_minutes", "updated_at"])
    return wall


def prompt_add(*, wall: LiveWall, text: str) -> LivePrompt:
    text = " ".join(clean_text(text).split())
    if not text:
        raise ValidationError(_("Write the prompt the groups will answer."))
    if len(text) > 200:
        raise ValidationError(_("A prompt can have at most 200 characters."))
    prompts = list(wall.prompts.all())
    if any(prompt.text.lower() == text.lower() for prompt in prompts):
        raise ValidationError(_("This prompt is already on the wall."))
    if len(prompts) >= MAX_PROMPTS:
        raise ValidationError(_("A wall can have at most %(max)s prompts.") % {"max": MAX_PROMPTS})
    position = max((prompt.position for prompt in prompts), default=0) + 1
    return LivePrompt.objects.create(wall=wall, text=text, position=position)


def prompt_delete(*, wall: LiveWall, prompt_id) -> None:
    prompt = wall.prompts.filter(pk=int_or_none(prompt_id)).first()
    if prompt is None:
        raise ValidationError(_("Choose a prompt on this wall."))
    if prompt.posts.exists():
        raise ValidationError(_("Ideas have been posted to this prompt, so it stays on the wall."))
    prompt.delete()


# When posting is open ---------------------------------------------------------------------------


def capture_window(wall: LiveWall) -> tuple[datetime, datetime]:
    margin = timedelta(minutes=wall.margin_minutes)
    return wall.meeting.starts_at - margin, wall.meeting.ends_at + margin


def capture_closed_reason(wall: LiveWall, *, now: datetime | None = None) -> str:
    """Why nobody can post now, in words for the participant, or "" while posting is open."""
    now = now or timezone.now()
    opens, closes = capture_window(wall)
    if wall.is_closed or now > closes:
        return _("The wall is closed: the meeting is over. Thank you for your ideas!")
    if now < opens:
        return _("The wall opens %(time)s, when the meeting is about to start.") % {
            "time": date_format(timezone.localtime(opens), "DATETIME_FORMAT")
        }
    if not wall.prompts.exists():
        return _("The wall has no prompts yet. Ask the host of your group.")
    return ""


# Posting ----------------------------------------------------------------------------------------


def post_create(*, code: LiveCode, prompt_id, text: str, send_for_review: bool = False) -> LivePost:
    """A post from the room through a group's (or the room's) link.

    Text that looks like it names someone is refused with PersonalDataSuspected, unless the
    participant chooses to send it for review: then it is held off the screen until a moderator has read it.
    """
    wall = code.wall
    closed = capture_closed_reason(wall)
    if closed:
        raise ValidationError(closed, code="closed")
    prompt = wall.prompts.filter(pk=int_or_none(prompt_id)).first()
    if prompt is None:
        raise ValidationError({"prompt": _("Choose one of the wall's prompts.")})
    text = clean_text(text)
    if not text:
        raise ValidationError({"text": _("Write your idea before you send it.")})
    if len(text) > insight_services.INSIGHT_TEXT_MAX:
        raise ValidationError(
            {
                "text": _("Your idea can have at most %(max)s characters; it has %(count)s.")
                % {"max": insight_services.INSIGHT_TEXT_MAX, "count": len(text)}
            }
        )
    warnings = personal_data_warnings(text)
    if warnings and not send_for_review:
        raise PersonalDataSuspected(warnings)
    return LivePost.objects.create(
        wall=wall, prompt=prompt, group_id=code.group_id, text=text, needs_review=bool(warnings)
    )


# Moderation --------------------------------------------------------------------------------------

MODERATION = {
    "hide": {"is_hidden": True, "is_highlighted": False},
    # Showing a post held for review is the moderator's reading of it.
    "show": {"is_hidden": False, "needs_review": False},
    "highlight": {"is_highlighted": True},
    "unhighlight": {"is_highlighted": False},
}


def _moderated_posts(*, wall: LiveWall, group_ids: set | None, post_ids: Iterable) -> list[LivePost]:
    """The chosen posts, all on this wall and in the groups the moderator has; anything else refuses the request."""
    ids = {pk for pk in (int_or_none(value) for value in post_ids) if pk is not None}
    if not ids:
        raise ValidationError(_("Choose at least one post."))
    posts = LivePost.objects.filter(wall=wall, pk__in=ids)
    if group_ids is not None:
        posts = posts.filter(group_id__in=group_ids)
    posts = list(posts.order_by("created_at", "id"))
    if len(posts) != len(ids):
        raise ValidationError(_("Choose posts on this wall from your own group."))
    return posts


@transaction.atomic
def posts_moderate(*, wall: LiveWall, group_ids: set | None, action: str, post_ids: Iterable) -> int:
    """Hide, show, highlight or unhighlight posts; ``group_ids`` None means every group (the meeting's hosts)."""
    if action not in MODERATION:
        raise ValidationError(_("Unknown action."))
    posts = _moderated_posts(wall=wall, group_ids=group_ids, post_ids=post_ids)
    return LivePost.objects.filter(pk__in=[post.pk for post in posts]).update(**MODERATION[action])


@transaction.atomic
def posts_merge(*, wall: LiveWall, group_ids: set | None, post_ids: Iterable) -> LivePost:
    """Merge posts that say the same into the first one posted; the others stay, pointing at it."""
    posts = _moderated_posts(wall=wall, group_ids=group_ids, post_ids=post_ids)
    if len(posts) < 2:
        raise ValidationError(_("Choose at least two posts to merge."))
    if any(post.merged_into_id for post in posts):
        raise ValidationError(_("A post that is already merged cannot be merged again."))
    kept, duplicates = posts[0], posts[1:]
    duplicate_ids = [post.pk for post in duplicates]
    LivePost.objects.filter(merged_into_id__in=duplicate_ids).update(merged_into=kept)
    LivePost.objects.filter(pk__in=duplicate_ids).update(merged_into=kept, is_highlighted=False)
    return kept


# Closing: the posts become insights, once ------------------------------------------------------------


def _source_description(post: LivePost, *, hidden: bool) -> str:
    """ "Live at the meeting · Group 2 · «What makes a good summer?» · at 18:42", within the field's 200 characters."""
    before = [_("Live at the meeting")] + ([post.group.name] if post.group_id else [])
    after = [_("at %(time)s") % {"time": time_format(timezone.localtime(post.created_at))}]
    if hidden:
        after.append(_("hidden on the wall"))
    # The prompt is the longest part: it gives way so the whole fits.
    room = 200 - len(" · ".join(before + after)) - 6
    prompt = post.prompt.text if len(post.prompt.text) <= room else post.prompt.text[: max(room - 1, 0)] + "…"
    return " · ".join([*before, f"«{prompt}»", *after])


@transaction.atomic
def wall_close(*, wall: LiveWall, user, keep_hidden: bool) -> int:
    """Close posting and make the posts insights in one step; returns how many were made.

    The wall row is locked and its closing time is the fact: a second close (a double click, a second
    web node) finds it closed and makes nothing. Merged posts become insights merged the same way.
    """
    wall = LiveWall.objects.select_for_update().select_related("meeting__initiative").get(pk=wall.pk)
    if wall.is_closed:
        return 0
    posts = list(
        wall.posts.filter(insight__isnull=True).select_related("prompt", "group").order_by("created_at", "id")
    )
    hidden = {post.pk for post in posts if post.is_hidden or post.needs_review}
    by_pk = {post.pk: post for post in posts}

    def taken(post: LivePost) -> bool:
        # A duplicate follows the post it was merged into.
        leading = by_pk.get(post.merged_into_id, post) if post.merged_into_id else post
        return keep_hidden or leading.pk not in hidden

    leading_posts = [post for post in posts if not post.merged_into_id and taken(post)]
    duplicates = [post for post in posts if post.merged_into_id and taken(post)]
    made = 0
    with override(getattr(user, "language", None) or "nb"):
        for batch in (leading_posts, duplicates):
            if not batch:
                continue
            insights = insight_services.insight_bulk_create(
                initiative=wall.meeting.initiative,
                user=user,
                meeting=wall.meeting,
                texts=[post.text for post in batch],
                kind="idea",
                source="citizens",
                source_description_each=[_source_description(post, hidden=post.pk in hidden) for post in batch],
            )
            for post, insight in zip(batch, insights, strict=True):
                post.insight = insight
            LivePost.objects.bulk_update(batch, ["insight"])
            made += len(insights)
    for duplicate in duplicates:
        leading = by_pk.get(duplicate.merged_into_id)
        if leading is not None and leading.insight_id:
            insight_services.insight_merge(
                initiative=wall.meeting.initiative, insights=[leading.insight, duplicate.insight]
            )
    wall.closed_at = timezone.now()
    wall.closed_by = user
    wall.hidden_kept = keep_hidden
    wall.save(update_fields=["closed_at", "closed_by", "hidden_kept", "updated_at"])
    return made


# Sharing back ----------------------------------------------------------------------------------------


@transaction.atomic
def wall_share(*, wall: LiveWall) -> int:
    """Publish the moderated wall (no names) and e-mail its link once to each participant who agreed to hear more.

    Each e-mail has its key in the outbox: sharing again, or a retry, sends nobody a second one.
    """
    wall = LiveWall.objects.select_for_update().select_related("meeting__initiative").get(pk=wall.pk)
    if not wall.is_closed:
        raise ValidationError(_("Close the wall before you share it, so the participants see the final version."))
    if wall.shared_at is None:
        wall.shared_at = timezone.now()
        wall.save(update_fields=["shared_at", "updated_at"])
    sent = 0
    for registration in meeting_selectors.meeting_contactable_registrations(meeting=wall.meeting):
        with override(registration.language):
            queued = email_queue_from_templates(
                to=registration.email,
                template="live/email/wall_shared",
                context={"meeting": wall.meeting.localized(registration.language), "registration": registration},
                dedupe_key=f"live:shared:{wall.pk}:{registration.email.lower()}",
            )
        sent += queued is not None
    return sent
