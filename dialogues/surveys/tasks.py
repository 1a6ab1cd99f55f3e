from celery import shared_task


@shared_task
def send_invitations(survey_id: int) -> int:
    from .services import invitations_send

    return invitations_send(survey_id=survey_id)


@shared_task
def send_due_reminders() -> int:
    from .services import reminders_send_due

    return reminders_send_due()
