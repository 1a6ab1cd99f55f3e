from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from initiatives import cache_scopes
        from innbyggerstemmen.core import cache_versions
        from innbyggerstemmen.core.stored_pdfs import PdfDocument, register_pdf_document

        from . import rules  # noqa: F401  (registers the report permissions)
        from .models import Story
        from .summary_services import DOCUMENT, LEADER_DOCUMENT, leader_summary_html, summary_html

        register_pdf_document(PdfDocument(name=LEADER_DOCUMENT, html=leader_summary_html))
        register_pdf_document(PdfDocument(name=DOCUMENT, html=summary_html))
        # An initiative's page links to its story (initiatives.selectors.initiative_overview).
        cache_versions.bump_on_write(cache_scopes.overview_written, models=[Story])
