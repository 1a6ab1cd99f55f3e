from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "initiatives.plans"
    label = "plans"
    verbose_name = _("Action plans")
