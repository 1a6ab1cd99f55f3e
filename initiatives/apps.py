from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("Initiatives")

    def ready(self):
        from . import overview_cache, overview_rules  # noqa: F401  (registers the overview permission)

        overview_cache.connect_signals()
