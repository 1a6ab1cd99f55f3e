"""The audit log: record who did what, and read it back for the national team."""
from __future__ import annotations

from django.db.models import QuerySet

from .models import AuditEvent

Action = AuditEvent.Action


def audit_record(*, actor, action: str, obj=None, detail: str = "") -> AuditEvent:
    """Append one event. ``actor`` may be None or anonymous (e.g. a failed sign-in)."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=user,
        actor_label=(user.email if user else "")[:254],
        action=action,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_label=str(obj)[:255] if obj is not None else "",
        detail=detail,
    )


def audit_list(*, action: str | None = None, query: str = "") -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.select_related("actor")
    if action:
        events = events.filter(action=action)
    if query:
        events = events.filter(actor_label__icontains=query) | events.filter(object_label__icontains=query)
    return events.order_by("-at", "-id")
