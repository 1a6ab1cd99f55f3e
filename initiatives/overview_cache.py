"""Caching of the overview's figures, and invalidation whenever something they count changes.

Every cache key carries the "overview" scope's version token (core.cache_versions).
Saving or deleting an initiative, meeting, registration, survey, response, insight,
action or feedback page (or changing an action's insights or an initiative's target
groups) replaces the token once the transaction commits. A signal is used here only
because this is cache invalidation, not domain logic; bulk ``update()`` calls send no
signal, which the timeout bounds.

It also forgets the remembered "is police staff" answer behind the main menu's
Overview link (overview_rules) when someone's membership changes.
"""
from __future__ import annotations

from collections.abc import Callable

from django.apps import apps
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save

from innbyggerstemmen.core import cache_versions

SCOPE = "overview"
TIMEOUT = 10 * 60

# Models whose rows the overview counts, as "app_label.Model".
COUNTED_MODELS = (
    "initiatives.Initiative",
    "dialogues.Meeting",
    "dialogues.Registration",
    "surveys.Survey",
    "surveys.Response",
    "insights.Insight",
    "insights.FollowUpAction",
    "insights.FeedbackPage",
    "insights.Theme",  # the insight search's facets (insights.selectors) share this version
)
# Many-to-many relations that change a figure: (model, field).
COUNTED_RELATIONS = (
    ("insights.FollowUpAction", "insights"),
    ("initiatives.Initiative", "target_groups"),
    ("insights.Insight", "themes"),
    ("insights.Insight", "target_groups"),
)


def current_version() -> str:
    return cache_versions.current_version(SCOPE)


def bump_version() -> None:
    """Invalidate every cached overview."""
    cache_versions.bump(SCOPE)


def get_or_compute(key: str, compute: Callable[[], dict]) -> dict:
    return cache_versions.get_or_compute(SCOPE, key, compute, TIMEOUT)


def bump_version_on_commit() -> None:
    """For writes that send no signal (bulk_create, update()): invalidate once the transaction commits."""
    cache_versions.bump_on_commit(SCOPE)


def _changed(sender=None, **kwargs) -> None:
    bump_version_on_commit()


def _m2m_changed(sender=None, action="", **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        _changed()


def _membership_changed(sender=None, instance=None, **kwargs) -> None:
    from .overview_rules import police_staff_key

    cache.delete(police_staff_key(instance.user_id))


def connect_signals() -> None:
    membership = apps.get_model("accounts", "Membership")
    post_save.connect(_membership_changed, sender=membership, dispatch_uid="overview-menu-membership-save")
    post_delete.connect(_membership_changed, sender=membership, dispatch_uid="overview-menu-membership-delete")
    for label in COUNTED_MODELS:
        model = apps.get_model(label)
        post_save.connect(_changed, sender=model, dispatch_uid=f"overview-save-{label}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"overview-delete-{label}")
    for label, field in COUNTED_RELATIONS:
        through = getattr(apps.get_model(label), field).through
        m2m_changed.connect(_m2m_changed, sender=through, dispatch_uid=f"overview-m2m-{label}.{field}")
