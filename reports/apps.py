from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from . import overview_cache, rules  # noqa: F401  (registers the report permissions)

        overview_cache.connect_signals()
