from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "dialogues.surveys"
    label = "surveys"
    verbose_name = _("Surveys")

    def ready(self):
        from . import results_cache

        results_cache.connect_signals()
