"""Forget a survey's cached results when its responses or questions change.

A signal because this is cache invalidation, not a business rule: responses are
also written by the demo data and by tests, and every writer must invalidate.
Answers are written in the same transaction as their response, and the version is
replaced only after that transaction commits (core.cache_versions).
"""
from django.db.models.signals import post_delete, post_save

from innbyggerstemmen.core import cache_versions

from .models import Question, Response
from .selectors import results_scope


def _changed(sender=None, instance=None, **kwargs) -> None:
    cache_versions.bump_on_commit(results_scope(instance.survey_id))


def connect_signals() -> None:
    for model in (Response, Question):
        post_save.connect(_changed, sender=model, dispatch_uid=f"survey-results-save-{model.__name__}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"survey-results-delete-{model.__name__}")
