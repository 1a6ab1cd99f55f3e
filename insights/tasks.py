from celery import shared_task


@shared_task
def notify_feedback_published(page_id: int, publication_number: int) -> int:
    """E-mail those who hear a link to the published feedback page (idempotent by the e-mails' dedupe keys)."""
    from .citizen_news import feedback_published_notify

    return feedback_published_notify(page_id=page_id, publication_number=publication_number)


@shared_task(ignore_result=True, expires=3600)
def send_feedback_updates() -> int:
    """Daily: tell those who hear what changed on the feedback pages (at most weekly per initiative)."""
    from .citizen_news import feedback_updates_send

    return feedback_updates_send()


@shared_task
def run_idea_wall_import(import_id: int) -> int:
    """Create the insights of a confirmed idea wall import (idempotent by the import's status, under a row lock)."""
    from .import_services import idea_wall_import_run

    return idea_wall_import_run(import_id=import_id)


@shared_task
def purge_idea_wall_imports() -> int:
    """Delete unconfirmed idea wall uploads after two days: their raw content may name the wall's authors."""
    from .import_services import idea_wall_imports_purge

    return idea_wall_imports_purge()


@shared_task(ignore_result=True, expires=300)
def requeue_stalled_work() -> int:
    """Every five minutes: queue again the imports and "page published" e-mails whose task was lost."""
    from .import_services import idea_wall_imports_requeue_stalled
    from .services import feedback_notifications_requeue_stalled

    return idea_wall_imports_requeue_stalled() + feedback_notifications_requeue_stalled()
