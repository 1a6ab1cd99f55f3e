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

from innbyggerstemmen.core.jobs import job_last_finished, job_run_record
from innbyggerstemmen.core.personal_data import personal_data_anonymise_retained

from .models import Initiative

RETENTION_JOB = "retention"


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
    count = personal_data_anonymise_retained(ended_initiative_ids=ended, now=now)
    job_run_record(RETENTION_JOB)
    return count


def retention_status(initiative, *, today: date | None = None) -> dict:
    """What the initiative page says about its participants' personal data.

    state: "no_end" (no end date yet), "upcoming" (removed on ``removal_date``), "removed" (the
    nightly job has run since that date) or "overdue" (it has not: ``last_run`` says when it last did).
    """
    removal = removal_date(initiative)
    if removal is None:
        return {"state": "no_end"}
    today = today or timezone.localdate()
    if removal >= today:
        return {"state": "upcoming", "removal_date": removal}
    last_run = job_last_finished(RETENTION_JOB)
    if last_run is not None and timezone.localdate(last_run) > removal:
        return {"state": "removed", "removal_date": removal, "last_run": last_run}
    return {"state": "overdue", "removal_date": removal, "last_run": last_run}
