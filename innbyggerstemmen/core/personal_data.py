"""Access requests, erasure and retention across the portal.

Each app that stores personal data has a ``privacy`` module (a provider) with:
``report(email) -> list[Section]``, ``erase(email) -> int`` and
``anonymise_ended(initiative_ids) -> int``. This module asks every provider,
so a request for one e-mail address reaches every place it is stored.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib import import_module

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .audit import Action, audit_record

PROVIDERS = [
    "innbyggerstemmen.accounts.privacy",
    "dialogues.privacy",
    "dialogues.surveys.privacy",
    "innbyggerstemmen.core.email_privacy",
]
ANONYMISED_DOMAIN = "anonymisert.invalid"


@dataclass
class Section:
    title: str
    rows: list[dict] = field(default_factory=list)


def _providers():
    return [import_module(name) for name in PROVIDERS]


def _fingerprint(email: str) -> str:
    # The audit log names the request without storing the erased address itself.
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:12]


def personal_data_report(*, email: str, actor) -> list[Section]:
    email = email.strip().lower()
    sections = [section for provider in _providers() for section in provider.report(email)]
    audit_record(actor=actor, action=Action.PERSONAL_DATA_VIEWED, detail=f"access request {_fingerprint(email)}")
    return sections


def personal_data_export(*, email: str, actor) -> dict:
    email = email.strip().lower()
    sections = [section for provider in _providers() for section in provider.report(email)]
    audit_record(actor=actor, action=Action.PERSONAL_DATA_EXPORTED, detail=f"access request {_fingerprint(email)}")
    return {
        "email": email,
        "exported_at": timezone.now().isoformat(),
        "sections": [{"title": str(s.title), "rows": s.rows} for s in sections],
    }


@transaction.atomic
def personal_data_erase(*, email: str, actor) -> int:
    """Erase or anonymise everything stored about an address; returns how many rows were touched."""
    email = email.strip().lower()
    count = sum(provider.erase(email) for provider in _providers())
    audit_record(
        actor=actor, action=Action.PERSONAL_DATA_ERASED, detail=f"erasure {_fingerprint(email)}: {count} rows"
    )
    return count


def removal_date(initiative) -> date | None:
    """When the personal data of an initiative's participants is removed automatically."""
    if initiative.end_date is None:
        return None
    return initiative.end_date + timedelta(days=settings.PERSONAL_DATA_RETENTION_DAYS)


@transaction.atomic
def personal_data_anonymise_initiatives(*, initiative_ids: list[int], actor=None) -> int:
    """Anonymise participants and respondents of these initiatives, keeping every count and answer."""
    count = sum(provider.anonymise_ended(initiative_ids) for provider in _providers())
    if count:
        audit_record(
            actor=actor,
            action=Action.PERSONAL_DATA_ANONYMISED,
            detail=f"initiatives {sorted(initiative_ids)}: {count} rows",
        )
    return count


def personal_data_anonymise_expired(*, today: date | None = None) -> int:
    """The retention job: initiatives that ended more than the retention period ago. Idempotent."""
    from initiatives.models import Initiative

    today = today or timezone.localdate()
    cutoff = today - timedelta(days=settings.PERSONAL_DATA_RETENTION_DAYS)
    ids = list(Initiative.objects.filter(end_date__lt=cutoff).values_list("pk", flat=True))
    return personal_data_anonymise_initiatives(initiative_ids=ids) if ids else 0
