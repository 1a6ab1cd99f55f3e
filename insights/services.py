"""Writes: capture insights, make sense of them, turn them into actions, tell KUBA and the citizens."""
from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.functions import Lower
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from initiatives import cache_scopes
from initiatives.models import TargetGroup
from innbyggerstemmen.core.fields import checked_fields, clean_text, int_or_none
from innbyggerstemmen.core.task_queue import STALLED_AFTER, enqueue, enqueue_on_commit

from . import national_themes, selectors
from .models import (
    ACTOR_FIELDS,
    ActionStatus,
    EmailOptOut,
    FeedbackPage,
    FollowUpAction,
    HearBack,
    Insight,
    KubaInput,
    KubaItem,
    NationalTheme,
    ProgressNote,
    Theme,
)

# The longest insight text, wherever one is written (forms, bulk paste, idea-wall import, live meetings).
INSIGHT_TEXT_MAX = 2000

def _check_same_initiative(initiative, objects: Iterable, message: str) -> list:
    objects = list(objects)
    if any(obj.initiative_id != initiative.pk for obj in objects):
        raise ValidationError(message)
    return objects


# Themes ---------------------------------------------------------------------------


def theme_names_split(value: str) -> list[str]:
    """ "Trygghet, møteplasser" -> ["Trygghet", "møteplasser"], without blanks or repeats."""
    seen, names = set(), []
    for name in (value or "").split(","):
        name = " ".join(name.split())[:100]
        if name and name.lower() not in seen:
            seen.add(name.lower())
            names.append(name)
    return names


def themes_get_or_create(*, initiative, names: Iterable[str]) -> list[Theme]:
    """The initiative's themes with these names (any case), creating the missing ones."""
    names = theme_names_split(",".join(names))
    if not names:
        return []
    existing = {
        theme.name.lower(): theme
        for theme in Theme.objects.filter(initiative=initiative).annotate(lower=Lower("name")).filter(
            lower__in=[name.lower() for name in names]
        )
    }
    themes, nationals = [], None
    for name in names:
        theme = existing.get(name.lower())
        if theme is None:
            nationals = nationals if nationals is not None else list(NationalTheme.objects.all())
            national = national_themes.national_theme_for(name, nationals)
            theme = Theme.objects.create(initiative=initiative, name=name, national_theme=national)
            existing[name.lower()] = theme
        themes.append(theme)
    return themes


# Insights -------------------------------------------------------------------------


def insight_meeting_check(initiative, meeting) -> None:
    """A meeting chosen for insights must be one of the initiative's own (never an id from elsewhere)."""
    if meeting is not None and meeting.initiative_id != initiative.pk:
        raise ValidationError(_("Choose a meeting of this initiative."))


def _actor_values(actors: Iterable[str]) -> dict[str, bool]:
    actors = set(actors or ())
    unknown = actors - set(ACTOR_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown actor."))
    return {field: actor in actors for actor, field in ACTOR_FIELDS.items()}


@transaction.atomic
def insight_create(
    *,
    initiative,
    user=None,
    text: str,
    kind: str,
    source: str,
    source_description: str = "",
    meeting=None,
    theme_names: Iterable[str] = (),
    target_groups: Iterable = (),
    actors: Iterable[str] = (),
    is_priority: bool = False,
    said_on: date | None = None,
) -> Insight:
    return insight_bulk_create(
        meeting=meeting,
        said_on=said_on,
        initiative=initiative,
        user=user,
        texts=[text],
        kind=kind,
        source=source,
        source_description=source_description,
        theme_names=theme_names,
        target_groups=target_groups,
        actors=actors,
        is_priority=is_priority,
    )[0]


def insight_said_on(meeting) -> date | None:
    """The day an insight from this meeting was said (in Norway's time), or None without a meeting."""
    return timezone.localdate(meeting.starts_at) if meeting is not None else None


@transaction.atomic
def insight_bulk_create(
    *,
    initiative,
    user=None,
    texts: Iterable[str],
    kind: str,
    source: str,
    source_description: str = "",
    meeting=None,
    theme_names: Iterable[str] = (),
    target_groups: Iterable = (),
    actors: Iterable[str] = (),
    is_priority: bool = False,
    said_on: date | None = None,
    said_on_each: Iterable[date | None] | None = None,
    source_description_each: Iterable[str] | None = None,
) -> list[Insight]:
    """One insight per text (blank texts are skipped), all with the same kind, source, themes and groups.

    When it was said: ``said_on_each`` (one per text, from an idea wall's date column), else
    ``said_on``, else the meeting's day. Where it came from: ``source_description_each`` (one per text,
    e.g. a live meeting's group and prompt), else ``source_description``.
    """
    texts = [clean_text(text) for text in texts]
    said_on = said_on or insight_said_on(meeting)
    said = list(said_on_each) if said_on_each is not None else [said_on] * len(texts)
    described = (
        list(source_description_each) if source_description_each is not None else [source_description] * len(texts)
    )
    kept = [
        (text, day or said_on, where)
        for text, day, where in zip(texts, said, described, strict=True)
        if text
    ]
    if not kept:
        raise ValidationError(_("Write at least one insight."))
    insight_meeting_check(initiative, meeting)
    actor_values = _actor_values(actors)
    themes = themes_get_or_create(initiative=initiative, names=theme_names)
    target_groups = list(target_groups)
    insights = Insight.objects.bulk_create(
        [
            Insight(
                initiative=initiative,
                created_by=user,
                text=text,
                kind=kind,
                source=source,
                source_description=where.strip()[:200],
                meeting=meeting,
                said_on=day,
                is_priority=is_priority,
                **actor_values,
            )
            for text, day, where in kept
        ]
    )
    # bulk_create gives primary keys on both PostgreSQL and SQLite (3.35+).
    if themes:
        Insight.themes.through.objects.bulk_create(
            [Insight.themes.through(insight_id=i.pk, theme_id=t.pk) for i in insights for t in themes]
        )
    if target_groups:
        Insight.target_groups.through.objects.bulk_create(
            [Insight.target_groups.through(insight_id=i.pk, targetgroup_id=g.pk) for i in insights for g in target_groups]
        )
    cache_scopes.content_changed_on_commit(initiative.pk)  # bulk_create sends no post_save: counts must see these
    return insights


@transaction.atomic
def insight_update(
    *,
    insight: Insight,
    theme_names: Iterable[str] | None = None,
    target_groups: Iterable | None = None,
    actors: Iterable[str] | None = None,
    approve_public: bool = False,
    **fields,
) -> Insight:
    """Change an insight. ``approve_public``: the user decides what the public feedback page shows
    (insights.publish_feedback); only they may change the selection, and only their edits go public."""
    allowed = {
        "text",
        "kind",
        "source",
        "source_description",
        "meeting",
        "is_priority",
        "is_surplus",
        "surplus_receiver",
        "surplus_status",
        "published_in_feedback",
    }
    if set(fields) - allowed:
        raise ValidationError(_("These fields cannot be changed here."))
    if "published_in_feedback" in fields and fields["published_in_feedback"] != insight.published_in_feedback:
        _require_approver(approve_public)
    if "text" in fields:
        fields["text"] = clean_text(fields["text"])
        if not fields["text"]:
            raise ValidationError(_("Write at least one insight."))
    if "meeting" in fields:
        insight_meeting_check(insight.initiative, fields["meeting"])
        if fields["meeting"] is not None and fields["meeting"].pk != insight.meeting_id:
            fields["said_on"] = insight_said_on(fields["meeting"])
    if fields.get("is_surplus") and not (fields.get("surplus_receiver") or insight.surplus_receiver).strip():
        raise ValidationError(_("Name the unit that should receive the surplus insight."))
    if actors is not None:
        fields.update(_actor_values(actors))
    for name, value in fields.items():
        setattr(insight, name, value)
    if approve_public:
        # The coordinator's own edit is what the public page shows; anyone else's waits for approval.
        insight.public_text = insight.text if insight.published_in_feedback else ""
        fields["public_text"] = insight.public_text
    insight.save(update_fields=list(fields))
    if theme_names is not None:
        insight.themes.set(themes_get_or_create(initiative=insight.initiative, names=theme_names))
    if target_groups is not None:
        insight.target_groups.set(list(target_groups))
    return insight


def _active_insights(initiative, insights: Iterable[Insight]) -> list[Insight]:
    insights = _check_same_initiative(initiative, insights, _("Choose insights from this initiative."))
    if not insights:
        raise ValidationError(_("Select at least one insight."))
    return insights


@transaction.atomic
def insights_assign_theme(*, initiative, insights: Iterable[Insight], name: str, move: bool = False) -> Theme:
    """Put the insights in a theme; ``move`` takes them out of their other themes (a card in one column)."""
    insights = _active_insights(initiative, insights)
    themes = themes_get_or_create(initiative=initiative, names=[name])
    if not themes:
        raise ValidationError(_("Write the name of the theme."))
    if move:
        Insight.themes.through.objects.filter(insight__in=insights).exclude(theme=themes[0]).delete()
        cache_scopes.content_changed_on_commit(initiative.pk)  # a queryset delete sends no m2m signal
    themes[0].insights.add(*insights)
    return themes[0]


# Each insight's suggestion is a similarity lookup of its own: a selection larger than this is a job, not a click.
MAX_SUGGESTIONS_AT_ONCE = 50


@transaction.atomic
def insights_accept_theme_suggestions(*, initiative, insights: Iterable[Insight]) -> tuple[int, int]:
    """Give each chosen insight without a theme the theme most of its similar insights have.

    Returns (how many got a theme, how many had no suggestion); insights with a theme are left as they are."""
    insights = _active_insights(initiative, insights)
    if len(insights) > MAX_SUGGESTIONS_AT_ONCE:
        raise ValidationError(
            _("Choose at most %(max)s insights to take the suggested themes for.") % {"max": MAX_SUGGESTIONS_AT_ONCE}
        )
    given = without = 0
    for insight in insights:
        names = selectors.theme_suggestions(insight=insight, similar=selectors.similar_insights(insight=insight))
        if names:
            insight.themes.add(*themes_get_or_create(initiative=initiative, names=names[:1]))
            given += 1
        elif not insight.themes.exists():
            without += 1
    cache_scopes.content_changed_on_commit(initiative.pk)
    return given, without


@transaction.atomic
def insights_remove_theme(*, initiative, insights: Iterable[Insight], name: str) -> Theme:
    """Take the insights out of one of the initiative's themes (the theme itself stays)."""
    insights = _active_insights(initiative, insights)
    theme = Theme.objects.filter(initiative=initiative, name__iexact=" ".join(name.split())).first()
    if theme is None:
        raise ValidationError(_("Choose one of this initiative's themes."))
    theme.insights.remove(*insights)
    return theme


@transaction.atomic
def insights_set_priority(*, initiative, insights: Iterable[Insight], value: bool) -> int:
    insights = _active_insights(initiative, insights)
    changed = Insight.objects.filter(pk__in=[i.pk for i in insights]).update(is_priority=value)
    cache_scopes.content_changed_on_commit(initiative.pk)  # search and the theme board keep their order by it
    return changed


@transaction.atomic
def insights_set_feedback(*, initiative, insights: Iterable[Insight], value: bool, approve_public: bool) -> int:
    """Choose which insights the public feedback page shows (their text as it is now, no names)."""
    _require_approver(approve_public)
    insights = _active_insights(initiative, insights)
    return Insight.objects.filter(pk__in=[i.pk for i in insights]).update(
        published_in_feedback=value, public_text=F("text") if value else Value("")
    )


# The public feedback page: what a coordinator approved ---------------------------------------

def _require_approver(approve_public: bool) -> None:
    if not approve_public:
        raise ValidationError(_("Only the coordinator chooses what the public feedback page shows."))


@transaction.atomic
def feedback_approve_pending(*, initiative, approve_public: bool) -> int:
    """Approve every published insight and action whose text changed since it was approved; returns how many."""
    _require_approver(approve_public)
    count = (
        Insight.objects.filter(initiative=initiative, published_in_feedback=True, merged_into__isnull=True)
        .exclude(public_text=F("text"))
        .update(public_text=F("text"))
    )
    for action in FollowUpAction.objects.select_for_update().filter(initiative=initiative, published=True):
        if action.awaits_approval:
            action.public_version = action.current_public_version()
            action.save(update_fields=["public_version"])
            count += 1
    return count


@transaction.atomic
def insight_merge(*, initiative, insights: Iterable[Insight]) -> Insight:
    """Merge duplicates into the oldest one: it keeps their themes, groups, actors and actions.

    The duplicates stay in the database (hidden from lists) pointing at the kept insight.
    """
    insights = sorted(_active_insights(initiative, insights), key=lambda i: (i.created_at, i.pk))
    if len(insights) < 2:
        raise ValidationError(_("Select at least two insights to merge."))
    if any(i.merged_into_id for i in insights):
        raise ValidationError(_("An insight that is already merged cannot be merged again."))
    target, duplicates = insights[0], insights[1:]
    duplicate_ids = [d.pk for d in duplicates]
    target.themes.add(*Theme.objects.filter(insights__in=duplicate_ids).distinct())
    target.target_groups.add(*TargetGroup.objects.filter(insights__in=duplicate_ids).distinct())
    target.actions.add(*FollowUpAction.objects.filter(insights__in=duplicate_ids).distinct())
    update_fields = []
    for field in ACTOR_FIELDS.values():
        if not getattr(target, field) and any(getattr(d, field) for d in duplicates):
            setattr(target, field, True)
            update_fields.append(field)
    for flag in ("is_priority", "published_in_feedback"):
        if not getattr(target, flag) and any(getattr(d, flag) for d in duplicates):
            setattr(target, flag, True)
            update_fields.append(flag)
    if update_fields:
        target.save(update_fields=update_fields)
    # Earlier merges into a duplicate now point at the kept insight too.
    Insight.objects.filter(merged_into_id__in=duplicate_ids).update(merged_into=target)
    Insight.objects.filter(pk__in=duplicate_ids).update(merged_into=target, published_in_feedback=False)
    cache_scopes.content_changed_on_commit(initiative.pk)  # merged insights leave the counts; update() sends no signal
    return target


@transaction.atomic
def insight_merge_across(*, insight: Insight, other_id) -> Insight:
    """Merge the same insight heard in two initiatives (the national team's choice): the newer one is kept
    under the older, with its initiative, source and tags, and leaves its initiative's lists and counts.
    Tags and actions stay with their own initiative: another initiative's themes mean nothing here."""
    other = (
        Insight.objects.select_for_update()
        .filter(pk=int_or_none(other_id) or 0, merged_into__isnull=True)
        .exclude(initiative_id=insight.initiative_id)
        .first()
    )
    insight = Insight.objects.select_for_update().get(pk=insight.pk)
    if other is None or insight.merged_into_id:
        raise ValidationError(_("Choose an insight from another initiative that is not merged already."))
    kept, duplicate = sorted((insight, other), key=lambda i: (i.created_at, i.pk))
    Insight.objects.filter(merged_into=duplicate).update(merged_into=kept)
    Insight.objects.filter(pk=duplicate.pk).update(merged_into=kept, published_in_feedback=False)
    cache_scopes.content_changed_on_commit(kept.initiative_id, duplicate.initiative_id)
    return kept


# Follow-up actions ------------------------------------------------------------------


def _validate_period(start: date | None, end: date | None) -> None:
    if start and end and end < start:
        raise ValidationError(_("The end of the period cannot be before its start."))


ACTION_FIELDS = {
    "title", "description", "owner", "owner_user", "responsible", "period_start", "period_end", "status", "published"
}


def _check_owner(initiative, owner_user) -> None:
    """An action's owner works on the initiative: a partner of it, or a member of the organisation that owns it."""
    if owner_user is not None and not selectors.action_owner_choices(initiative=initiative).filter(pk=owner_user.pk).exists():
        raise ValidationError(
            {"owner_user": _("Choose someone who works on this initiative: a partner or a police colleague.")}
        )


def _tell_owner(action: FollowUpAction) -> None:
    """One e-mail to the person the action was given to; giving it to them again sends nothing new."""
    from innbyggerstemmen.core.services import email_queue_from_templates

    owner = action.owner_user
    with translation.override(owner.language or "nb"):
        email_queue_from_templates(
            to=owner.email,
            template="insights/email/action_assigned",
            context={"action": action, "initiative": action.initiative, "owner": owner},
            dedupe_key=f"insights:action-owner:{action.pk}:{owner.pk}",
        )


@transaction.atomic
def action_create(
    *, initiative, user=None, insights: Iterable[Insight] = (), approve_public: bool = False, **fields
) -> FollowUpAction:
    checked_fields(fields, allowed=ACTION_FIELDS, service="action_create")
    if fields.get("published"):
        _require_approver(approve_public)
    insights = _check_same_initiative(initiative, insights, _("Choose insights from this initiative."))
    if not (fields.get("title") or "").strip():
        raise ValidationError(_("Give the action a title."))
    _validate_period(fields.get("period_start"), fields.get("period_end"))
    _check_owner(initiative, fields.get("owner_user"))
    action = FollowUpAction(initiative=initiative, created_by=user, **fields)
    action.public_version = action.current_public_version() if action.published else {}
    action.save()
    action.insights.set(insights)
    if action.owner_user_id:
        _tell_owner(action)
    return action


@transaction.atomic
def action_update(
    *, action: FollowUpAction, insights: Iterable[Insight] | None = None, approve_public: bool = False, **fields
) -> FollowUpAction:
    """Change an action; as insight_update, only an approver's edit reaches the public page."""
    checked_fields(fields, allowed=ACTION_FIELDS, service="action_update")
    if "published" in fields and fields["published"] != action.published:
        _require_approver(approve_public)
    _validate_period(fields.get("period_start", action.period_start), fields.get("period_end", action.period_end))
    # From the row, not the object: a ModelForm has already put the new values on the instance.
    previous_owner = FollowUpAction.objects.filter(pk=action.pk).values_list("owner_user_id", flat=True).first()
    if "owner_user" in fields:
        _check_owner(action.initiative, fields["owner_user"])
    for name, value in fields.items():
        setattr(action, name, value)
    if approve_public:
        action.public_version = action.current_public_version() if action.published else {}
        fields["public_version"] = action.public_version
    action.save(update_fields=[*fields, "updated_at"])
    if insights is not None:
        action.insights.set(
            _check_same_initiative(action.initiative, insights, _("Choose insights from this initiative."))
        )
    if action.owner_user_id and action.owner_user_id != previous_owner:
        _tell_owner(action)
    return action


@transaction.atomic
def action_owner_update(*, action: FollowUpAction, user, status: str, text: str) -> ProgressNote:
    """The owner's update from "Mine tiltak": a progress note, and the status if it changed (kept on the note)."""
    if action.owner_user_id != user.pk:
        raise ValidationError(_("Only the action's owner can update it here."))
    if status not in ActionStatus.values:
        raise ValidationError({"status": _("Choose a status.")})
    text = clean_text(text)
    if not text:
        raise ValidationError({"text": _("Write what happened.")})
    changed = status != action.status
    note = ProgressNote.objects.create(
        action=action, author=user, date=timezone.localdate(), text=text, status=status if changed else ""
    )
    action.status = status
    action.save(update_fields=["status", "updated_at"])
    return note


@transaction.atomic
def progress_note_add(*, action: FollowUpAction, user=None, date: date, text: str) -> ProgressNote:
    text = clean_text(text)
    if not text:
        raise ValidationError(_("Write what happened."))
    note = ProgressNote.objects.create(action=action, author=user, date=date, text=text)
    action.save(update_fields=["updated_at"])
    return note


# KUBA input -----------------------------------------------------------------------


# A KUBA meeting reads a page or two: more bullets than this is a list nobody decides on.
MAX_KUBA_BULLETS = 100


def kuba_input_get_or_create(*, initiative) -> KubaInput:
    kuba_input, _created = KubaInput.objects.get_or_create(initiative=initiative)
    return kuba_input


@transaction.atomic
def kuba_input_save(*, initiative, intro: str, meeting_date: date | None, items: list[dict]) -> KubaInput:
    """Save the KUBA input's introduction, date and bullets together: all of it or, on an error, none.

    ``items`` are dicts with id (or None for a new bullet), text and delete, in the order to keep.
    """
    kept = [entry for entry in items if not entry.get("delete") and clean_text(entry.get("text", ""))]
    if len(kept) > MAX_KUBA_BULLETS:
        raise ValidationError(
            _("The KUBA input can have at most %(max)s bullets; remove some.") % {"max": MAX_KUBA_BULLETS}
        )
    kuba_input = kuba_input_get_or_create(initiative=initiative)
    kuba_input.intro = intro.strip()
    kuba_input.meeting_date = meeting_date
    kuba_input.save(update_fields=["intro", "meeting_date", "updated_at"])
    _kuba_items_replace(kuba_input=kuba_input, items=items)
    return kuba_input


def _kuba_items_replace(*, kuba_input: KubaInput, items: list[dict]) -> None:
    existing = {item.pk: item for item in kuba_input.items.all()}
    position = 0
    for entry in items:
        item = existing.get(entry.get("id")) if entry.get("id") else None
        if entry.get("id") and item is None:
            raise ValidationError(_("This bullet is not part of the KUBA input."))
        text = clean_text(entry.get("text", ""))
        if entry.get("delete") or not text:
            if item is not None:
                item.delete()
            continue
        if item is None:
            KubaItem.objects.create(kuba_input=kuba_input, position=position, text=text)
        else:
            item.text, item.position = text, position
            item.save(update_fields=["text", "position"])
        position += 1


@transaction.atomic
def kuba_items_fill(*, kuba_input: KubaInput) -> int:
    """Add a bullet for every prioritised insight and every proposed (not completed) action not yet listed,
    up to MAX_KUBA_BULLETS in all; returns how many were added."""
    initiative = kuba_input.initiative
    items = list(kuba_input.items.all())
    listed_insights = {item.insight_id for item in items if item.insight_id}
    listed_actions = {item.action_id for item in items if item.action_id}
    position = max((item.position for item in items), default=-1) + 1
    room = max(MAX_KUBA_BULLETS - len(items), 0)
    new = []
    for insight in Insight.objects.filter(initiative=initiative, is_priority=True, merged_into__isnull=True).order_by(
        "created_at", "id"
    ):
        if insight.pk not in listed_insights:
            new.append(KubaItem(kuba_input=kuba_input, position=position, text=insight.text, insight=insight))
            position += 1
    for action in (
        FollowUpAction.objects.filter(initiative=initiative)
        .exclude(status=ActionStatus.COMPLETED)
        .order_by("created_at", "id")
    ):
        if action.pk not in listed_actions:
            text = _("Proposed action: %(title)s (owner: %(owner)s)") % {
                "title": action.title,
                "owner": action.get_owner_display(),
            }
            new.append(KubaItem(kuba_input=kuba_input, position=position, text=text, action=action))
            position += 1
    KubaItem.objects.bulk_create(new[:room])
    return len(new[:room])


@transaction.atomic
def kuba_decisions_record(*, kuba_input: KubaInput, decisions: dict[int, str]) -> int:
    """Write the KUBA meeting's date and decision onto each action it decided on."""
    if not kuba_input.meeting_date:
        raise ValidationError(_("Record the date of the KUBA meeting first."))
    actions = {a.pk: a for a in FollowUpAction.objects.filter(initiative=kuba_input.initiative, pk__in=decisions)}
    if set(decisions) - set(actions):
        raise ValidationError(_("Choose actions from this initiative."))
    changed = 0
    for pk, decision in decisions.items():
        decision = clean_text(decision)
        if not decision:
            continue
        action = actions[pk]
        action.kuba_meeting_date = kuba_input.meeting_date
        action.kuba_decision = decision
        action.save(update_fields=["kuba_meeting_date", "kuba_decision", "updated_at"])
        changed += 1
    return changed


# "You said, we did" ---------------------------------------------------------------------


def _unique_slug(title: str) -> str:
    base = slugify(title.translate(str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A"})))
    base = (base or "tilbakemelding")[:100]
    slug = base
    while FeedbackPage.objects.filter(slug=slug).exists():
        slug = f"{base}-{secrets.token_hex(3)}"
    return slug


def feedback_page_get_or_create(*, initiative) -> FeedbackPage:
    page = FeedbackPage.objects.filter(initiative=initiative).first()
    if page is None:
        page = FeedbackPage.objects.create(initiative=initiative, slug=_unique_slug(initiative.title))
    return page


@transaction.atomic
def feedback_page_update(*, page: FeedbackPage, intro: str) -> FeedbackPage:
    page.intro = intro.strip()
    page.save(update_fields=["intro", "updated_at"])
    return page


@transaction.atomic
def feedback_page_publish(*, page: FeedbackPage) -> FeedbackPage:
    """Publish the page and tell the participants who agreed to be contacted, once per publication."""
    from .tasks import notify_feedback_published

    page = FeedbackPage.objects.select_for_update().get(pk=page.pk)
    if page.is_published:
        return page
    page.published_at = timezone.now()
    page.publication_number += 1
    page.save(update_fields=["published_at", "publication_number", "updated_at"])
    enqueue_on_commit(notify_feedback_published, page.pk, page.publication_number)
    return page


@transaction.atomic
def feedback_page_unpublish(*, page: FeedbackPage) -> FeedbackPage:
    page.published_at = None
    page.save(update_fields=["published_at", "updated_at"])
    return page


def hear_back_add(*, initiative, email: str, language: str = "nb") -> bool:
    """Keep an address left at the end of a survey to be told what happened (insights/citizen_news.py); False
    when it was already kept. Only the day is stored, and nothing links it to the answers."""
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": _("Write a valid e-mail address, e.g. navn@example.no.")}) from None
    try:
        with transaction.atomic():
            HearBack.objects.create(initiative=initiative, email=email, language=language, left_on=timezone.localdate())
    except IntegrityError:
        return False
    # Asking again after unsubscribing is asking again.
    EmailOptOut.objects.filter(initiative=initiative, email__iexact=email).delete()
    return True


def feedback_notifications_requeue_stalled(*, now=None) -> int:
    """Queue again the "page published" e-mails whose task was lost; returns how many pages."""
    from .tasks import notify_feedback_published

    cutoff = (now or timezone.now()) - STALLED_AFTER
    pages = FeedbackPage.objects.filter(
        published_at__lt=cutoff, notified_publication__lt=F("publication_number")
    ).values_list("pk", "publication_number")
    for page_id, publication_number in pages:
        enqueue(notify_feedback_published, page_id, publication_number)
    return len(pages)
