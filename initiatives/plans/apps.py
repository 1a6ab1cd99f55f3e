from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "initiatives.plans"
    label = "plans"
    verbose_name = _("Action plans")

    def ready(self):
        from initiatives import cache_scopes
        from innbyggerstemmen.core import cache_versions
        from innbyggerstemmen.core.stored_pdfs import PdfDocument, register_pdf_document

        from .models import ActionPlan, Measure
        from .services import STATUS_REPORT_DOCUMENT, status_report_html

        register_pdf_document(PdfDocument(name=STATUS_REPORT_DOCUMENT, html=status_report_html))
        # An initiative's page names the plans and measures it links to (initiatives.selectors.initiative_overview).
        cache_versions.bump_on_write(cache_scopes.ACTION_PLANS, models=[ActionPlan, Measure])
