"""Telling citizens what happened: who hears, the "page published" and "what changed" e-mails, and stopping them.

Who hears about an initiative: meeting participants who agreed to be contacted again, and respondents who
left an address at the end of a survey (HearBack), minus those who unsubscribed from that kind of e-mail.
Every e-mail has its key in the outbox, built from what it says: the same content never goes to the same
address twice (publishing again, a retry, a second worker), and an update goes at most once a week.
"""
from __future__ import annotations

import hashlib
import json
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dialogues import selectors as meeting_selectors
from innbyggerstemmen.core.services import email_queue_from_templates

from .models import ActionStatus, EmailOptOut, FeedbackPage, FollowUpAction, HearBack, NewsKind

UNSUBSCRIBE_SALT = "insights.unsubscribe"
UPDATE_AT_MOST_EVERY = timedelta(days=7)


# Who hears ------------------------------------------------------------------------------------------


def news_recipients(*, initiative, kind: str = NewsKind.FEEDBACK) -> dict[str, str]:
    """{address in lower case: language} of everyone who is told about the initiative, each once."""
    recipients = {
        email.lower(): language
        for email, language in HearBack.objects.filter(initiative=initiative).values_list("email", "language")
    }
    recipients.update(meeting_selectors.contactable_participants(initiative=initiative))
    stopped = set(
        EmailOptOut.objects.filter(initiative=initiative, kind=kind).annotate(lower=Lower("email")).values_list("lower", flat=True)
    )
    return {email: language for email, language in recipients.items() if email not in stopped}


# Stopping them -------------------------------------------------------------------------------------


def unsubscribe_url(*, initiative_id: int, email: str, kind: str) -> str:
    token = signing.dumps([initiative_id, email.lower(), kind], salt=UNSUBSCRIBE_SALT, compress=True)
    return settings.SITE_URL + reverse("insights:unsubscribe", args=[token])


def unsubscribe_read(token: str) -> tuple[int, str, str]:
    """(initiative id, address, kind) from a link's token; ValidationError for a token we did not make."""
    try:
        initiative_id, email, kind = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        raise ValidationError(_("This unsubscribe link is not valid. Use the link in the newest e-mail.")) from None
    if kind not in NewsKind.values:
        raise ValidationError(_("This unsubscribe link is not valid. Use the link in the newest e-mail."))
    return int(initiative_id), email, kind


def unsubscribe(*, token: str) -> tuple[int, str, str]:
    """Stop that kind of e-mail about that initiative to that address; doing it again changes nothing."""
    initiative_id, email, kind = unsubscribe_read(token)
    if not EmailOptOut.objects.filter(initiative_id=initiative_id, kind=kind, email__iexact=email).exists():
        try:
            with transaction.atomic():
                EmailOptOut.objects.create(initiative_id=initiative_id, kind=kind, email=email)
        except IntegrityError:
            pass  # two clicks at once: one row
    return initiative_id, email, kind


def _queue_news(*, initiative, email: str, language: str, template: str, context: dict, key: str):
    url = unsubscribe_url(initiative_id=initiative.pk, email=email, kind=NewsKind.FEEDBACK)
    with translation.override(language):
        return email_queue_from_templates(
            to=email,
            template=template,
            context={**context, "initiative": initiative, "unsubscribe_url": url},
            dedupe_key=key[:200],
            # RFC 8058: mail programs offer their own one-click "unsubscribe", which POSTs to the link.
            headers={"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
        )


def _tell_everyone(page: FeedbackPage, *, template: str, context: dict, key_prefix: str) -> int:
    """Queue the e-mail to everyone who hears about the page's initiative, keyed ``key_prefix`` and the address
    (a key already in the outbox queues nothing); returns how many were queued now."""
    queued = 0
    for email, language in news_recipients(initiative=page.initiative).items():
        sent = _queue_news(
            initiative=page.initiative, email=email, language=language, template=template, context=context,
            key=f"{key_prefix}:{email}",
        )
        queued += sent is not None
    return queued


# What they are told -----------------------------------------------------------------------------------


def _fingerprint(value) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()[:16]


def published_statuses(page: FeedbackPage) -> dict[str, str]:
    """{action id: status} of the actions the page shows."""
    actions = FollowUpAction.objects.filter(initiative_id=page.initiative_id, published=True)
    return {str(pk): status for pk, status in actions.values_list("pk", "status")}


def page_content_fingerprint(page: FeedbackPage) -> str:
    """What the published page says (its introduction, the approved texts of what it shows): the same content
    gives the same fingerprint, so publishing it again tells nobody twice."""
    insights = page.initiative.insights.filter(published_in_feedback=True, merged_into__isnull=True)
    actions = FollowUpAction.objects.filter(initiative_id=page.initiative_id, published=True)
    return _fingerprint(
        {
            "intro": page.intro,
            "insights": sorted(insights.values_list("pk", "public_text")),
            "actions": sorted((pk, version) for pk, version in actions.values_list("pk", "public_version")),
        }
    )


def feedback_published_notify(*, page_id: int, publication_number: int) -> int:
    """Queue one e-mail per person who hears for this publication; running again queues nothing new."""
    page = FeedbackPage.objects.select_related("initiative").filter(pk=page_id).first()
    if page is None or not page.is_published or page.publication_number != publication_number:
        return 0
    content = page_content_fingerprint(page)
    queued = _tell_everyone(
        page, template="insights/email/feedback_published", context={"page": page},
        key_prefix=f"insights-feedback:{page.pk}:{content}",
    )
    # From now on, a change of an action's status is news (told at most weekly by feedback_updates_send).
    FeedbackPage.objects.filter(pk=page.pk, notified_publication__lt=publication_number).update(
        notified_publication=publication_number, told_statuses=published_statuses(page)
    )
    return queued


def feedback_updates_send(*, now=None) -> int:
    """Daily: for each published page whose actions changed status since the citizens were last told, and who
    were not told in the last week, one e-mail per person with what changed. Returns how many were queued."""
    now = now or timezone.now()
    due = FeedbackPage.objects.filter(published_at__isnull=False, notified_publication__gt=0).filter(
        Q(update_sent_at__isnull=True) | Q(update_sent_at__lte=now - UPDATE_AT_MOST_EVERY)
    )
    queued = 0
    for page_id in due.values_list("pk", flat=True):
        queued += _page_update_send(page_id=page_id, now=now)
    return queued


@transaction.atomic
def _page_update_send(*, page_id: int, now) -> int:
    page = FeedbackPage.objects.select_for_update(skip_locked=True).select_related("initiative").filter(pk=page_id).first()
    if page is None:
        return 0  # another worker has it
    current = published_statuses(page)
    changed_ids = [pk for pk, status in current.items() if page.told_statuses.get(pk) != status]
    if not changed_ids:
        return 0
    # The status labels stay lazy: each e-mail renders them in its reader's language.
    changes = [
        {"title": action.public_version.get("title") or action.title, "status": ActionStatus(action.status).label}
        for action in FollowUpAction.objects.filter(pk__in=changed_ids).order_by("title")
    ]
    queued = _tell_everyone(
        page, template="insights/email/feedback_update", context={"page": page, "changes": changes},
        key_prefix=f"insights-feedback-update:{page.pk}:{_fingerprint(current)}",
    )
    page.told_statuses = current
    page.update_sent_at = now
    page.save(update_fields=["told_statuses", "update_sent_at", "updated_at"])
    return queued
