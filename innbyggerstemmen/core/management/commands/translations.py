"""Update and compile every translation catalogue (needs GNU gettext).

Each app keeps its own catalogue in <app>/locale; strings of the project
package and the top-level templates go to locale/. makemessages files every
string under the first locale path, so each app is run from its own folder
with LOCALE_PATHS emptied. Jinja2 partials (files under a jinja2/ folder) are
read with Jinja2's own extractor, so their plural texts are found too.
"""
import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.core.management.commands import makemessages
from django.template import engines
from django.test import override_settings
from django.utils.functional import cached_property

JINJA_DIR = f"{os.sep}jinja2{os.sep}"


class JinjaAwareBuildFile(makemessages.BuildFile):
    """A Jinja2 template is handed to xgettext as Python: one gettext/ngettext call per text, on its line."""

    @cached_property
    def is_jinja(self) -> bool:
        return JINJA_DIR in os.path.join(self.translatable.dirpath, "")

    def preprocess(self):
        if not (self.is_templatized and self.is_jinja):
            return super().preprocess()
        with open(self.path, encoding="utf-8") as source_file:
            source = source_file.read()
        lines = [""] * (source.count("\n") + 1)
        for lineno, function, message in engines["jinja2"].env.extract_translations(source):
            texts = [text for text in (message if isinstance(message, tuple) else (message,)) if text is not None]
            function = "ngettext" if len(texts) == 2 else "gettext"
            lines[lineno - 1] += f"{function}({', '.join(repr(text) for text in texts)}); "
        with open(self.work_path, "w", encoding="utf-8") as work_file:
            work_file.write("\n".join(lines))


class MakeMessages(makemessages.Command):
    build_file_class = JinjaAwareBuildFile

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
                        MakeMessages(), locale=LANGUAGES, no_obsolete=True, ignore_patterns=nested, verbosity=0
                    )
            os.chdir(base)
            call_command(MakeMessages(), locale=LANGUAGES, no_obsolete=True, ignore_patterns=IGNORE, verbosity=0)
            call_command("compilemessages", ignore_patterns=[".venv", "node_modules"], verbosity=0)
        finally:
            os.chdir(cwd)
        self.stdout.write(self.style.SUCCESS("Catalogues updated and compiled."))
