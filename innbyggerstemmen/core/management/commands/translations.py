"""Update and compile every translation catalogue (needs GNU gettext).

Each app keeps its own catalogue in <app>/locale; strings of the project
package and the top-level templates go to locale/. makemessages files every
string under the first locale path, so each app is run from its own folder
with LOCALE_PATHS emptied.
"""
import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.test import override_settings

APPS_WITH_OWN_CATALOGUE = ["initiatives", "dialogues", "insights", "dialogues/surveys"]
LANGUAGES = ["nb", "en"]
IGNORE = [".venv", "node_modules", "staticfiles", "tests", "bench", *APPS_WITH_OWN_CATALOGUE]


class Command(BaseCommand):
    help = "Run makemessages for every app and the project, then compilemessages."

    def handle(self, *args, **options):
        base = settings.BASE_DIR
        cwd = os.getcwd()
        try:
            for app in APPS_WITH_OWN_CATALOGUE:
                os.makedirs(base / app / "locale", exist_ok=True)
                os.chdir(base / app)
                # A sub-app with its own catalogue (e.g. dialogues/surveys) is left out of its parent's.
                nested = [other[len(app) + 1 :] for other in APPS_WITH_OWN_CATALOGUE if other.startswith(app + "/")]
                with override_settings(LOCALE_PATHS=[]):
                    call_command(
                        "makemessages", locale=LANGUAGES, no_obsolete=True, ignore_patterns=nested, verbosity=0
                    )
            os.chdir(base)
            call_command("makemessages", locale=LANGUAGES, no_obsolete=True, ignore_patterns=IGNORE, verbosity=0)
            call_command("compilemessages", ignore_patterns=[".venv", "node_modules"], verbosity=0)
        finally:
            os.chdir(cwd)
        self.stdout.write(self.style.SUCCESS("Catalogues updated and compiled."))
