from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "dialogues.surveys"
    label = "surveys"
    verbose_name = _("Surveys")

    def ready(self):
        from . import results_cache

        results_cache.connect_signals()

        from innbyggerstemmen.core import cache_versions
        from innbyggerstemmen.core.personal_data import register_provider

        from .models import Response, Survey
        from .privacy import PROVIDER

        register_provider(PROVIDER)
        cache_versions.bump_on_write(cache_versions.FIGURES, models=[Survey, Response])
