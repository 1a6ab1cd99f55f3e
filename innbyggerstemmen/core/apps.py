from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "innbyggerstemmen.core"
    label = "core"

    def ready(self):
        from . import language, signals, sqlite_like  # noqa: F401  (their receivers: sign-ins, the profile's language, LIKE)
        from .personal_data import register_provider
        from .privacy_provider import PROVIDER

        # Registered first, reported last: a person's sections read from who they are to what we sent them.
        register_provider(PROVIDER)
