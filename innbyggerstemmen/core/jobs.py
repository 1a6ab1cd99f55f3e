"""The scheduled jobs' heartbeats: when each last finished, and whether the schedule is alive."""
from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from .models import JobRun

BEAT = "beat"
# The beat heartbeat runs every minute; five missed beats mean the schedule has stopped.
BEAT_STALE_AFTER = timedelta(minutes=5)


def job_run_record(name: str, *, now: datetime | None = None) -> None:
    JobRun.objects.update_or_create(name=name, defaults={"last_finished_at": now or timezone.now()})


def job_last_finished(name: str) -> datetime | None:
    return JobRun.objects.filter(name=name).values_list("last_finished_at", flat=True).first()


def beat_state(*, now: datetime | None = None) -> tuple[str, datetime | None]:
    """("ok" | "stale" | "never", when the last heartbeat was)."""
    last = job_last_finished(BEAT)
    if last is None:
        return "never", None
    if (now or timezone.now()) - last > BEAT_STALE_AFTER:
        return "stale", last
    return "ok", last
