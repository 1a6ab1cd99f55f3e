from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "initiatives.plans"
    label = "plans"
    verbose_name = _("Action plans")

    def ready(self):
        from innbyggerstemmen.core.stored_pdfs import PdfDocument, register_pdf_document

        from .services import STATUS_REPORT_DOCUMENT, status_report_html

        register_pdf_document(PdfDocument(name=STATUS_REPORT_DOCUMENT, html=status_report_html))
