from celery import shared_task


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_email(email_id: int) -> bool:
    from .services import email_send

    return email_send(email_id=email_id)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_emails(email_ids: list[int]) -> int:
    from .services import emails_send

    return emails_send(email_ids=email_ids)
