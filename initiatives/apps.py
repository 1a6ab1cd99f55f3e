from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("Initiatives")

    def ready(self):
        from innbyggerstemmen.accounts.models import Organisation
        from innbyggerstemmen.core import cache_versions
        from innbyggerstemmen.core.personal_data import register_provider

        from . import cache_scopes
        from .models import Activity, Initiative, TargetGroup
        from .privacy import PROVIDER
        from .rules import forget_police_staff_on_membership_change

        register_provider(PROVIDER)
        forget_police_staff_on_membership_change()
        # A target group's name is searched (an insight tagged with it is found by it), and an organisation's
        # name is a facet of search: their writes make the kept figures of every initiative stale.
        cache_versions.bump_on_write(
            cache_scopes.written, models=[Initiative, TargetGroup, Organisation], relations=[Initiative.target_groups]
        )
        # The initiative's own page keeps its run sheet and measures (selectors.initiative_overview).
        cache_versions.bump_on_write(cache_scopes.overview_written, models=[Activity])
        cache_versions.bump_on_write(cache_scopes.measures_linked, relations=[Initiative.measures])
