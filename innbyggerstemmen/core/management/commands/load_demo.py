"""Load the demo data of every app, in the order of INSTALLED_APPS (dependencies first). Safe to run again."""
from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import module_has_submodule


class Command(BaseCommand):
    help = "Load the demo data (the Tønsberg summer 2021 case, action plans and demo users). Idempotent."

    def handle(self, *args, **options):
        # Each app that has demo data gives a module ``demo`` with a function ``load(stdout)``;
        # they are found as Django finds admin modules, so core names no app.
        for config in apps.get_app_configs():
            if not module_has_submodule(config.module, "demo"):
                continue
            name = f"{config.name}.demo"
            with transaction.atomic():
                import_module(name).load(stdout=self.stdout)
            self.stdout.write(f"Loaded {name}")
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
