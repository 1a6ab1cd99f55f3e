from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("Initiatives")

    def ready(self):
        from innbyggerstemmen.core import cache_versions
        from innbyggerstemmen.core.personal_data import register_provider

        from .models import Initiative, TargetGroup
        from .privacy import PROVIDER
        from .rules import forget_police_staff_on_membership_change

        register_provider(PROVIDER)
        forget_police_staff_on_membership_change()
        # A target group's name is searched (an insight tagged with it is found by it).
        cache_versions.bump_on_write(
            cache_versions.FIGURES, models=[Initiative, TargetGroup], relations=[Initiative.target_groups]
        )
