from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from innbyggerstemmen.core.stored_pdfs import PdfDocument, register_pdf_document

        from . import rules  # noqa: F401  (registers the report permissions)
        from .summary_services import DOCUMENT, LEADER_DOCUMENT, leader_summary_html, summary_html

        register_pdf_document(PdfDocument(name=LEADER_DOCUMENT, html=leader_summary_html))
        register_pdf_document(PdfDocument(name=DOCUMENT, html=summary_html))
