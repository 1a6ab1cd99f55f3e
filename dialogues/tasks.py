"""Periodic jobs of dialogue meetings, as thin Celery wrappers around services."""
from celery import shared_task


@shared_task
def send_due_reminders() -> int:
    """Queue the reminder e-mails that are due. Idempotent: each reminder has its own ReminderSent row."""
    from .services import reminders_send_due

    return reminders_send_due()

