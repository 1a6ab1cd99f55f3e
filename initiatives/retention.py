"""How long participants' and respondents' personal data is kept: until a set number of days after the initiative ends."""
from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone

from innbyggerstemmen.core.personal_data import personal_data_anonymise_initiatives

from .models import Initiative


def removal_date(initiative) -> date | None:
    """When the personal data of an initiative's participants is removed automatically."""
    if initiative.end_date is None:
        return None
    return initiative.end_date + timedelta(days=settings.PERSONAL_DATA_RETENTION_DAYS)


def personal_data_anonymise_expired(*, today: date | None = None) -> int:
    """The retention job: initiatives that ended more than the retention period ago. Idempotent."""
    today = today or timezone.localdate()
    cutoff = today - timedelta(days=settings.PERSONAL_DATA_RETENTION_DAYS)
    ids = list(Initiative.objects.filter(end_date__lt=cutoff).values_list("pk", flat=True))
    return personal_data_anonymise_initiatives(initiative_ids=ids) if ids else 0
