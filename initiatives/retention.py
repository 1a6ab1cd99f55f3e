"""How long participants' and respondents' personal data is kept: the one retention policy.

A person's data is anonymised at the earlier of two dates: ``PERSONAL_DATA_RETENTION_DAYS``
after the initiative ends, or the shorter period an app promised the person when it
asked for the data (a meeting says "we delete it N months after the meeting"; dialogues'
privacy provider keeps that promise). One nightly job applies both and writes one
audit event (core.personal_data.personal_data_anonymise_retained).
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.utils import timezone

from innbyggerstemmen.core.personal_data import personal_data_anonymise_retained

from .models import Initiative


def removal_date(initiative) -> date | None:
    """The latest date the personal data of an initiative's participants is removed automatically."""
    if initiative.end_date is None:
        return None
    return initiative.end_date + timedelta(days=settings.PERSONAL_DATA_RETENTION_DAYS)


def personal_data_anonymise_expired(*, today: date | None = None) -> int:
    """The nightly retention job; ``today`` for a test or a catch-up run. Idempotent."""
    now = timezone.now() if today is None else timezone.make_aware(datetime.combine(today, time.min))
    cutoff = timezone.localdate(now) - timedelta(days=settings.PERSONAL_DATA_RETENTION_DAYS)
    ended = list(Initiative.objects.filter(end_date__lt=cutoff).values_list("pk", flat=True))
    return personal_data_anonymise_retained(ended_initiative_ids=ended, now=now)
