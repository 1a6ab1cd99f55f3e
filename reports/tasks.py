from celery import shared_task


@shared_task
def generate_summary_pdf(summary_id: int) -> bool:
    """Render one requested summary PDF (idempotent: only a row still pending is rendered)."""
    from .summary_services import summary_pdf_generate

    return summary_pdf_generate(summary_id=summary_id)
