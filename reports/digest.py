"""The weekly summary for staff: what needs a nudge, sent once a week to each coordinator and action owner.

A coordinator here is the person who created the initiative (the one who runs it); an owner is the person an
action is given to. Each kind of item is found with one query that reads only what is due (stale actions by
their ``updated_at`` index, open hand-offs, recently ended meetings, surveys closing soon), then grouped by
recipient: the work grows with what is due and with the recipients, not with all actions. Nothing is sent to
someone with nothing to say, or who turned the summary off. One e-mail per person per ISO week, by its key.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone, translation

from dialogues.models import Meeting
from dialogues.surveys.models import Survey
from innbyggerstemmen.accounts.models import User
from innbyggerstemmen.core.services import email_queue_many, email_render
from insights.models import ActionStatus, FeedbackPage, FollowUpAction, Handoff

ACTION_QUIET_FOR = timedelta(days=30)
HANDOFF_UNANSWERED_FOR = timedelta(days=7)
MEETING_ENDED_FOR = timedelta(days=14)
MEETING_NAGGED_UNTIL = timedelta(days=90)  # after this, a meeting without feedback is history, not a nudge
SURVEY_CLOSING_WITHIN = timedelta(days=7)
ITEMS_PER_SECTION = 20
DONE = (ActionStatus.COMPLETED,)


@dataclass
class Digest:
    actions: dict = field(default_factory=dict)  # pk -> (title, initiative title, url, last change)
    handoffs: dict = field(default_factory=dict)
    meetings: dict = field(default_factory=dict)
    surveys: dict = field(default_factory=dict)

    def is_empty(self) -> bool:
        return not (self.actions or self.handoffs or self.meetings or self.surveys)


def _url(path: str) -> str:
    return settings.SITE_URL + path


def digests(*, now=None) -> dict[int, Digest]:
    """{user id: what to tell them} for everyone with something to hear about."""
    now = now or timezone.now()
    by_user: dict[int, Digest] = defaultdict(Digest)

    quiet = (
        FollowUpAction.objects.filter(updated_at__lt=now - ACTION_QUIET_FOR)
        .exclude(status__in=DONE)
        .values_list("pk", "title", "initiative_id", "initiative__title", "initiative__created_by_id", "owner_user_id", "updated_at")
    )
    for pk, title, initiative_id, initiative_title, coordinator_id, owner_id, updated_at in quiet:
        row = (title, initiative_title, _url(reverse("insights:action_detail", args=[initiative_id, pk])), updated_at)
        for user_id in {coordinator_id, owner_id} - {None}:
            by_user[user_id].actions[pk] = row

    open_handoffs = Handoff.objects.filter(
        received_at__isnull=True, sent_at__lt=now - HANDOFF_UNANSWERED_FOR
    ).values_list("pk", "to_email", "to_organisation__name", "insight_id", "insight__initiative_id",
                  "insight__initiative__created_by_id", "sent_by_id", "sent_at")
    for pk, email, organisation, insight_id, initiative_id, coordinator_id, sender_id, sent_at in open_handoffs:
        row = (organisation or email, _url(reverse("insights:insight_detail", args=[initiative_id, insight_id])), sent_at)
        for user_id in {coordinator_id, sender_id} - {None}:
            by_user[user_id].handoffs[pk] = row

    published = FeedbackPage.objects.filter(initiative_id=OuterRef("initiative_id"), published_at__isnull=False)
    ended = (
        Meeting.objects.filter(
            ends_at__lt=now - MEETING_ENDED_FOR, ends_at__gte=now - MEETING_NAGGED_UNTIL, initiative__created_by__isnull=False
        )
        .exclude(Exists(published))
        .values_list("pk", "title", "initiative_id", "initiative__title", "initiative__created_by_id", "ends_at")
    )
    for pk, title, initiative_id, initiative_title, coordinator_id, ends_at in ended:
        by_user[coordinator_id].meetings[pk] = (
            title, initiative_title, _url(reverse("insights:feedback_manage", args=[initiative_id])), ends_at
        )

    closing = Survey.objects.filter(
        closes_at__gte=now, closes_at__lt=now + SURVEY_CLOSING_WITHIN, initiative__created_by__isnull=False
    ).values_list("pk", "title", "initiative_id", "initiative__title", "initiative__created_by_id", "closes_at")
    for pk, title, initiative_id, initiative_title, coordinator_id, closes_at in closing:
        by_user[coordinator_id].surveys[pk] = (
            title, initiative_title, _url(reverse("surveys:results", args=[initiative_id, pk])), closes_at
        )
    return {user_id: digest for user_id, digest in by_user.items() if not digest.is_empty()}


def _section(rows: dict) -> tuple[list, int]:
    ordered = sorted(rows.values(), key=lambda row: row[-1])
    return ordered[:ITEMS_PER_SECTION], max(len(ordered) - ITEMS_PER_SECTION, 0)


def digest_send(*, now=None) -> int:
    """Queue this week's summary for everyone who has something to hear and wants it; returns how many."""
    now = now or timezone.now()
    found = digests(now=now)
    year, week, _day = timezone.localtime(now).isocalendar()
    emails = []
    recipients = User.objects.filter(pk__in=list(found), is_active=True, wants_digest=True).only("pk", "email", "language")
    for user in recipients:
        digest = found[user.pk]
        context = {"user": user, "profile_url": _url(reverse("profile"))}
        for name in ("actions", "handoffs", "meetings", "surveys"):
            context[name], context[f"{name}_more"] = _section(getattr(digest, name))
        with translation.override(user.language or "nb"):
            rendered = email_render(template="reports/email/digest", context=context)
        emails.append({"to": user.email, **rendered, "dedupe_key": f"digest:{user.pk}:{year}-W{week:02d}"})
    return len(email_queue_many(emails=emails))
