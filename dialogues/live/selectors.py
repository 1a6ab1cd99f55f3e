"""Reading a live wall: the screen, the moderators' list, the links and the shared page."""
from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from dialogues.models import Group, Meeting
from initiatives.selectors import activity_timeline
from innbyggerstemmen.core.fields import int_or_none
from insights import selectors as insight_selectors

from .models import LiveCode, LivePost, LivePrompt, LiveWall

# What one prompt's column on the room's screen holds: more would not be readable from the back of the room.
SCREEN_POSTS_PER_PROMPT = 30


def wall_of(*, meeting: Meeting) -> LiveWall | None:
    return LiveWall.objects.filter(meeting=meeting).first()


def code_get(*, code: str) -> LiveCode:
    """A group's (or the room's) link, with its wall, meeting and group; DoesNotExist for an unknown code."""
    return LiveCode.objects.select_related("wall__meeting__initiative", "group").get(code=code)


def wall_codes(*, wall: LiveWall) -> QuerySet[LiveCode]:
    return wall.codes.select_related("group")


def wall_prompts(*, wall: LiveWall) -> list[LivePrompt]:
    return list(wall.prompts.all())


def room_code(*, wall: LiveWall) -> str:
    return wall.codes.filter(group__isnull=True).values_list("code", flat=True).get()


def suggested_prompts(*, wall: LiveWall) -> list[str]:
    """The run sheet's activities during the meeting, as prompts not yet on the wall."""
    meeting = wall.meeting
    taken = {text.lower() for text in wall.prompts.values_list("text", flat=True)}
    return [
        row.activity.title
        for row in activity_timeline(initiative=meeting.initiative)
        if row.starts_at and meeting.starts_at <= row.starts_at < meeting.ends_at and row.activity.title.lower() not in taken
    ]


def screen_groups(*, meeting: Meeting, group_ids: set[int] | None) -> QuerySet[Group]:
    """The groups a screen can be narrowed to: all of the meeting's, or a facilitator's own."""
    groups = Group.objects.filter(meeting=meeting).order_by("name", "id")
    return groups if group_ids is None else groups.filter(pk__in=group_ids)


def screen_group(*, meeting: Meeting, value, group_ids: set[int] | None) -> int | None:
    """The one group a screen is narrowed to (``?gruppe=``), if it is one the user may see."""
    chosen = int_or_none(value)
    if chosen is not None and screen_groups(meeting=meeting, group_ids=group_ids).filter(pk=chosen).exists():
        return chosen
    return None


def moderated_group_ids(*, meeting: Meeting, user) -> set[int] | None:
    """The groups whose posts ``user`` may moderate: None for all of them (those who run the meeting), else a set."""
    if user.has_perm("dialogues.change_meeting", meeting.initiative):
        return None
    return set(Group.objects.filter(meeting=meeting, facilitator_user=user).values_list("pk", flat=True))


@dataclass
class PromptColumn:
    prompt: LivePrompt
    posts: list[LivePost] = field(default_factory=list)
    more: int = 0


def _with_merged_counts(posts: QuerySet[LivePost]) -> QuerySet[LivePost]:
    return posts.select_related("group").annotate(merged_count=Count("merged"))


def screen_columns(
    *, wall: LiveWall, group_ids: set[int] | None = None, limit: int | None = SCREEN_POSTS_PER_PROMPT
) -> list[PromptColumn]:
    """Each prompt with its shown posts (highlighted first, then newest), up to ``limit``, and how many more there are."""
    columns = {prompt.pk: PromptColumn(prompt) for prompt in wall.prompts.all()}
    posts = LivePost.objects.filter(wall=wall, merged_into__isnull=True, is_hidden=False, needs_review=False)
    if group_ids is not None:
        posts = posts.filter(group_id__in=group_ids)
    for post in _with_merged_counts(posts).order_by("-is_highlighted", "-created_at", "-id"):
        column = columns.get(post.prompt_id)
        if column is None:
            continue
        if limit is None or len(column.posts) < limit:
            column.posts.append(post)
        else:
            column.more += 1
    return list(columns.values())


def moderation_posts(*, wall: LiveWall, group_ids: set[int] | None) -> QuerySet[LivePost]:
    """Every post the moderator has, hidden ones and duplicates too, newest first."""
    posts = LivePost.objects.filter(wall=wall)
    if group_ids is not None:
        posts = posts.filter(group_id__in=group_ids)
    return _with_merged_counts(posts).select_related("prompt", "merged_into").order_by("-created_at", "-id")


@dataclass(frozen=True)
class WallCounts:
    posts: int
    shown: int
    hidden: int
    held: int
    made_insights: int


def wall_counts(*, wall: LiveWall) -> WallCounts:
    return WallCounts(
        **wall.posts.aggregate(
            posts=Count("pk"),
            shown=Count("pk", filter=Q(is_hidden=False, needs_review=False, merged_into__isnull=True)),
            hidden=Count("pk", filter=Q(is_hidden=True, needs_review=False)),
            held=Count("pk", filter=Q(needs_review=True)),
            made_insights=Count("insight"),
        )
    )


def wall_similar_insights(*, wall: LiveWall):
    """After closing: the wall's new insights that resemble others of the initiative, to merge if the same."""
    if not wall.is_closed:
        return []
    made = [post.insight for post in wall.posts.filter(insight__isnull=False).select_related("insight").order_by("id")]
    return insight_selectors.similar_pairs(initiative=wall.meeting.initiative, insights=made)


def shared_wall(*, slug: str) -> LiveWall:
    """The wall a meeting has shared with its participants; DoesNotExist until it is shared."""
    return LiveWall.objects.select_related("meeting").get(meeting__slug=slug, shared_at__isnull=False)
