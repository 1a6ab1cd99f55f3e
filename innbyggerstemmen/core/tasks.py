from celery import shared_task


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_email(email_id: int) -> bool:
    from .services import email_send

    return email_send(email_id=email_id)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_emails(email_ids: list[int]) -> int:
    from .services import emails_send

    return emails_send(email_ids=email_ids)


@shared_task(ignore_result=True, expires=60)
def sweep_unsent_emails() -> int:
    """Every minute: queue again the e-mails whose task was lost (core.services.emails_sweep)."""
    from .services import emails_sweep

    return emails_sweep()


@shared_task(ignore_result=True)
def purge_used_form_tokens() -> int:
    from .bot_protection import used_form_tokens_purge

    return used_form_tokens_purge()


@shared_task(ignore_result=True, expires=300)
def requeue_stalled_pdfs() -> int:
    """Every five minutes: queue again the PDFs whose task was lost (core.stored_pdfs)."""
    from .stored_pdfs import stored_pdfs_requeue_stalled

    return stored_pdfs_requeue_stalled()


@shared_task
def generate_stored_pdf(pdf_id: int) -> bool:
    """Render one requested PDF (idempotent: only a row still pending is rendered)."""
    from .stored_pdfs import stored_pdf_generate

    return stored_pdf_generate(pdf_id=pdf_id)


@shared_task(ignore_result=True, expires=60)
def beat_heartbeat() -> None:
    """Sent by beat every minute; its row says the schedule (beat, broker and a worker) is alive."""
    from .jobs import BEAT, job_run_record

    job_run_record(BEAT)
