"""Load the demo data of every app, in dependency order. Safe to run again."""
from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

# Each app that has demo data gives a module ``demo`` with a function ``load(stdout)``.
DEMO_MODULES = [
    "innbyggerstemmen.accounts.demo",
    "initiatives.demo",
    "dialogues.demo",
    "dialogues.surveys.demo",
    "insights.demo",
]


class Command(BaseCommand):
    help = "Load the demo data (the Tønsberg summer 2021 case, action plans and demo users). Idempotent."

    def handle(self, *args, **options):
        for name in DEMO_MODULES:
            try:
                module = import_module(name)
            except ModuleNotFoundError as error:
                if error.name != name:
                    raise
                continue
            with transaction.atomic():
                module.load(stdout=self.stdout)
            self.stdout.write(f"Loaded {name}")
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
