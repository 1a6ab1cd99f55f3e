from celery import shared_task


@shared_task
def notify_feedback_published(page_id: int, publication_number: int) -> int:
    """E-mail the participants a link to the published feedback page (idempotent by the e-mail's dedupe key)."""
    from .services import feedback_notify_participants

    return feedback_notify_participants(page_id=page_id, publication_number=publication_number)
