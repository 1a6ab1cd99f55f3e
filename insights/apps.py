from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "insights"

    def ready(self):
        from initiatives import cache_scopes
        from innbyggerstemmen.core import cache_versions
        from innbyggerstemmen.core.personal_data import register_provider

        from .models import FeedbackPage, FollowUpAction, Insight, NationalTheme, Theme
        from .privacy import PROVIDER

        register_provider(PROVIDER)
        from innbyggerstemmen.core.stored_pdfs import PdfDocument, register_pdf_document

        from .kuba_pdf import DOCUMENT, kuba_html

        register_pdf_document(PdfDocument(name=DOCUMENT, html=kuba_html))
        # An insight, a theme and their tags are kept per initiative (the board, counts, search and similar
        # insights); actions are offered by the insight lists and counted by the overview, feedback pages only
        # counted.
        cache_versions.bump_on_write(
            cache_scopes.written,
            models=[Insight, Theme, NationalTheme],
            relations=[Insight.themes, Insight.target_groups],
        )
        cache_versions.bump_on_write(cache_scopes.meeting_or_action_written, models=[FollowUpAction])
        cache_versions.bump_on_write(
            cache_versions.FIGURES, models=[FeedbackPage], relations=[FollowUpAction.insights]
        )
