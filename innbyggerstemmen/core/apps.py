from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "innbyggerstemmen.core"
    label = "core"
