from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "innbyggerstemmen.accounts"
    label = "accounts"
    verbose_name = _("Accounts and organisations")

    def ready(self):
        from innbyggerstemmen.core.personal_data import register_provider

        from .privacy import PROVIDER

        register_provider(PROVIDER)
