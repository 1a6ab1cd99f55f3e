from celery import shared_task


@shared_task
def send_invitations(survey_id: int) -> int:
    from .services import invitations_send

    return invitations_send(survey_id=survey_id)


@shared_task
def send_due_reminders() -> int:
    from .services import reminders_send_due

    return reminders_send_due()


@shared_task(ignore_result=True, expires=300)
def requeue_stalled_invitations() -> int:
    """Every five minutes: invite the recipients whose invitation task was lost."""
    from .services import invitations_requeue_stalled

    return invitations_requeue_stalled()
