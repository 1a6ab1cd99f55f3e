from celery import shared_task


@shared_task(ignore_result=True, expires=6 * 3600)
def send_weekly_digest() -> int:
    """Monday morning: each coordinator's and action owner's summary of what needs a nudge (once a week each)."""
    from .digest import digest_send

    return digest_send()
