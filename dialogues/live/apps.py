from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiveConfig(AppConfig):
    name = "dialogues.live"
    label = "live"
    verbose_name = _("Live meeting walls")

    def ready(self):
        from innbyggerstemmen.core.personal_data import register_provider

        from .privacy import PROVIDER

        register_provider(PROVIDER)

        from django.db.models.signals import post_save

        from dialogues.models import Group

        from .signals import group_gets_a_link

        # A group added after capture was turned on gets its link at once, not at the next visit (a GET writes nothing).
        post_save.connect(group_gets_a_link, sender=Group, dispatch_uid="live.group_gets_a_link")
