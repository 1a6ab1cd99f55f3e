"""Access requests, erasure and retention across the portal.

Each app that stores personal data has a ``privacy`` module with a
``Provider``: the fields it registers (core.privacy), and
``report(email) -> list[Section]``, ``erase(email) -> int`` and
``anonymise_ended(initiative_ids) -> int``. The app registers it from its
``AppConfig.ready``; this module asks every registered provider, so a request
for one e-mail address reaches every place it is stored, and core names no app.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from .audit import Action, audit_record
from .privacy import REGISTER, PersonalField

ANONYMISED_DOMAIN = "anonymisert.invalid"


@dataclass
class Section:
    """One kind of stored data about a person: machine keys in ``rows`` (the JSON export), and
    the labels the access page shows for them in ``columns``."""

    title: str
    rows: list[dict] = field(default_factory=list)
    columns: dict = field(default_factory=dict)

    def header(self) -> list[str]:
        return [str(self.columns.get(key, key)) for key in (self.rows[0] if self.rows else {})]

    def cells(self) -> list[list[str]]:
        return [[_shown(value) for value in row.values()] for row in self.rows]


def _shown(value) -> str:
    """A value as the access page shows it: dates in the reader's language, yes/no, never an ISO stamp."""
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if value in (None, ""):
        return "–"
    return str(value)


def _nothing_reported(email: str) -> list[Section]:
    return []


def _nothing_changed(*args) -> int:
    return 0


@dataclass(frozen=True)
class Provider:
    """What one app stores about people: its registered fields, and how it reports, erases and anonymises them."""

    fields: dict[str, PersonalField]
    report: Callable[[str], list[Section]] = _nothing_reported
    erase: Callable[[str], int] = _nothing_changed
    anonymise_ended: Callable[[list[int]], int] = _nothing_changed
    # A shorter period the app promised the person itself (a meeting's "we delete it N months after").
    anonymise_expired: Callable[[datetime], int] = _nothing_changed


_PROVIDERS: list[Provider] = []  # in the order of INSTALLED_APPS: core first


def register_provider(provider: Provider) -> None:
    """Called from an app's ``AppConfig.ready``; registering the same provider twice changes nothing."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)
        REGISTER.update(provider.fields)


def _fingerprint(email: str) -> str:
    # The audit log names the request without storing the erased address itself.
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:12]


def _sections(email: str) -> list[Section]:
    # The apps' sections (the person's account, registrations, answers) first, then core's (e-mails sent).
    providers = [*_PROVIDERS[1:], *_PROVIDERS[:1]]
    return [section for provider in providers for section in provider.report(email)]


def personal_data_report(*, email: str, actor) -> list[Section]:
    email = email.strip().lower()
    sections = _sections(email)
    audit_record(actor=actor, action=Action.PERSONAL_DATA_VIEWED, detail=f"access request {_fingerprint(email)}")
    return sections


def personal_data_export(*, email: str, actor) -> dict:
    email = email.strip().lower()
    sections = _sections(email)
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
    # Upper layers first: their rows find the person through the account that accounts erases last.
    count = sum(provider.erase(email) for provider in reversed(_PROVIDERS))
    audit_record(
        actor=actor, action=Action.PERSONAL_DATA_ERASED, detail=f"erasure {_fingerprint(email)}: {count} rows"
    )
    return count


@transaction.atomic
def personal_data_anonymise_initiatives(*, initiative_ids: list[int], actor=None) -> int:
    """Anonymise participants and respondents of these initiatives, keeping every count and answer."""
    count = sum(provider.anonymise_ended(initiative_ids) for provider in _PROVIDERS)
    if count:
        audit_record(
            actor=actor,
            action=Action.PERSONAL_DATA_ANONYMISED,
            detail=f"initiatives {sorted(initiative_ids)}: {count} rows",
        )
    return count


@transaction.atomic
def personal_data_anonymise_retained(*, ended_initiative_ids: list[int], now: datetime) -> int:
    """The retention job's one step, audited once: the data of initiatives that ended long enough ago,
    and whatever an app promised to keep for a shorter time. Idempotent: anonymised rows are left alone."""
    count = sum(provider.anonymise_ended(ended_initiative_ids) for provider in _PROVIDERS) if ended_initiative_ids else 0
    count += sum(provider.anonymise_expired(now) for provider in _PROVIDERS)
    if count:
        audit_record(
            actor=None,
            action=Action.PERSONAL_DATA_ANONYMISED,
            detail=f"retention: initiatives {sorted(ended_initiative_ids)}, promised periods: {count} rows",
        )
    return count
