from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "insights"

    def ready(self):
        from innbyggerstemmen.core import cache_versions
        from innbyggerstemmen.core.personal_data import register_provider

        from .models import FeedbackPage, FollowUpAction, Insight, Theme
        from .privacy import PROVIDER

        register_provider(PROVIDER)
        from innbyggerstemmen.core.stored_pdfs import PdfDocument, register_pdf_document

        from .kuba_pdf import DOCUMENT, kuba_html

        register_pdf_document(PdfDocument(name=DOCUMENT, html=kuba_html))
        # Theme: the insight search's facets (insights.selectors) share the figures' version.
        cache_versions.bump_on_write(
            cache_versions.FIGURES,
            models=[Insight, FollowUpAction, FeedbackPage, Theme],
            relations=[FollowUpAction.insights, Insight.themes, Insight.target_groups],
        )
