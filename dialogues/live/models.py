"""A meeting's live wall: ideas posted from phones in the room, by group and prompt, kept as insights at the end.

Nothing about who posted is stored with a post: no account, no address, no device.
"""
import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from dialogues.models import Group, Meeting
from innbyggerstemmen.core.models import TimeStampedModel


def new_code() -> str:
    # 72 random bits: a group's link cannot be guessed from another group's, and stays short enough to type.
    return secrets.token_urlsafe(9)


class LiveWall(TimeStampedModel):
    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="live_wall")
    margin_minutes = models.PositiveSmallIntegerField(
        _("open before and after the meeting (minutes)"),
        default=30,
        help_text=_("Posting opens this long before the meeting starts and closes this long after it ends."),
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    hidden_kept = models.BooleanField(_("hidden posts kept as insights"), default=False)
    shared_at = models.DateTimeField(_("shared with the participants"), null=True, blank=True)

    class Meta:
        verbose_name = _("live wall")
        verbose_name_plural = _("live walls")

    def __str__(self):
        return str(self.meeting)

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class LivePrompt(models.Model):
    wall = models.ForeignKey(LiveWall, on_delete=models.CASCADE, related_name="prompts")
    text = models.CharField(_("prompt"), max_length=200)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("prompt")
        verbose_name_plural = _("prompts")
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["wall", "text"], name="live_prompt_unique_text")]

    def __str__(self):
        return self.text


class LiveCode(models.Model):
    """The link a group (or, without a group, the whole room) posts through."""

    wall = models.ForeignKey(LiveWall, on_delete=models.CASCADE, related_name="codes")
    group = models.OneToOneField(Group, on_delete=models.CASCADE, null=True, blank=True, related_name="live_code")
    code = models.CharField(max_length=20, unique=True, default=new_code, editable=False)

    class Meta:
        ordering = [F("group__name").asc(nulls_first=True), "id"]
        constraints = [
            models.UniqueConstraint(fields=["wall"], condition=Q(group__isnull=True), name="live_one_room_code"),
        ]

    def __str__(self):
        return self.code


class LivePost(models.Model):
    wall = models.ForeignKey(LiveWall, on_delete=models.CASCADE, related_name="posts")
    prompt = models.ForeignKey(LivePrompt, on_delete=models.PROTECT, related_name="posts")
    group = models.ForeignKey(Group, on_delete=models.SET_NULL, null=True, blank=True, related_name="live_posts")
    text = models.TextField(_("idea"))
    created_at = models.DateTimeField(_("posted"), auto_now_add=True)
    is_hidden = models.BooleanField(_("hidden"), default=False)
    # Sent although it looked like it named someone: hidden until a moderator has read it.
    needs_review = models.BooleanField(_("held for review"), default=False)
    is_highlighted = models.BooleanField(_("highlighted"), default=False)
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="merged", verbose_name=_("merged into")
    )
    # The insight it became when the wall was closed: set once, so closing again creates nothing.
    insight = models.OneToOneField(
        "insights.Insight", on_delete=models.SET_NULL, null=True, blank=True, related_name="live_post"
    )

    class Meta:
        verbose_name = _("live post")
        verbose_name_plural = _("live posts")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["wall", "-created_at", "-id"], name="live_post_wall_idx")]
        constraints = [
            models.CheckConstraint(condition=~Q(merged_into=F("id")), name="live_post_not_merged_into_itself"),
        ]

    def __str__(self):
        return self.text[:80]

    @property
    def is_shown(self) -> bool:
        return not (self.is_hidden or self.needs_review or self.merged_into_id)
