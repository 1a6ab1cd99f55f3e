from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("Initiatives")

    def ready(self):
        from innbyggerstemmen.core import cache_versions
        from innbyggerstemmen.core.personal_data import register_provider

        from .models import Initiative
        from .privacy import PROVIDER
        from .rules import forget_police_staff_on_membership_change

        register_provider(PROVIDER)
        forget_police_staff_on_membership_change()
        cache_versions.bump_on_write(
            cache_versions.FIGURES, models=[Initiative], relations=[Initiative.target_groups]
        )
