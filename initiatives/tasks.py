from celery import shared_task


@shared_task
def anonymise_expired_personal_data() -> int:
    """The nightly retention job (idempotent: anonymised rows are left as they are)."""
    from .retention import personal_data_anonymise_expired

    return personal_data_anonymise_expired()
