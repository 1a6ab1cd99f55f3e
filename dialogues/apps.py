from django.apps import AppConfig


class DialoguesConfig(AppConfig):
    name = "dialogues"

    def ready(self):
        from initiatives import cache_scopes
        from innbyggerstemmen.core import cache_versions
        from innbyggerstemmen.core.personal_data import register_provider

        from .models import Meeting, Registration
        from .privacy import PROVIDER

        register_provider(PROVIDER)
        cache_versions.bump_on_write(cache_scopes.meeting_or_action_written, models=[Meeting])
        cache_versions.bump_on_write(cache_versions.FIGURES, models=[Registration])
