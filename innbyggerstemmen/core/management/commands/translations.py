"""Update and compile every translation catalogue (needs GNU gettext).

Each app keeps its own catalogue in <app>/locale; strings of the project
package and the top-level templates go to locale/. makemessages files every
string under the first locale path, so each app is run from its own folder
with LOCALE_PATHS emptied. Jinja2 partials (files under a jinja2/ folder) are
read with Jinja2's own extractor, so their plural texts are found too. A text
that moved from one app's catalogue to another's keeps its translation: the
catalogues' translations are remembered before the update and given back to
any text left untranslated after it.
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

APPS_WITH_OWN_CATALOGUE = ["initiatives", "dialogues", "insights", "dialogues/surveys", "dialogues/live", "reports"]
LANGUAGES = ["nb", "nn", "en"]
IGNORE = [".venv", "node_modules", "staticfiles", "tests", "bench", *APPS_WITH_OWN_CATALOGUE]


class Command(BaseCommand):
    help = "Run makemessages for every app and the project, then compilemessages."

    def handle(self, *args, **options):
        base = settings.BASE_DIR
        cwd = os.getcwd()
        known = _translations(_catalogues(base))
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
            _give_back(_catalogues(base), known)
            call_command("compilemessages", ignore_patterns=[".venv", "node_modules"], verbosity=0)
        finally:
            os.chdir(cwd)
        self.stdout.write(self.style.SUCCESS("Catalogues updated and compiled."))


def _catalogues(base):
    return [
        path
        for language in LANGUAGES
        for path in base.glob(f"**/locale/{language}/LC_MESSAGES/django.po")
        if ".venv" not in path.parts and "node_modules" not in path.parts
    ]


def _translations(paths) -> dict:
    """(language, context, text) -> its translation, from every catalogue."""
    import polib

    known = {}
    for path in paths:
        language = path.parts[-3]
        for entry in polib.pofile(str(path)).translated_entries():
            known[(language, entry.msgctxt, entry.msgid)] = (entry.msgstr, dict(entry.msgstr_plural))
    return known


def _give_back(paths, known) -> None:
    import polib

    for path in paths:
        language = path.parts[-3]
        catalogue = polib.pofile(str(path))
        changed = False
        # msgmerge may have guessed a moved text's translation from a similar one (fuzzy): the known one wins.
        for entry in [*catalogue.untranslated_entries(), *catalogue.fuzzy_entries()]:
            found = known.get((language, entry.msgctxt, entry.msgid))
            if found:
                entry.msgstr, plural = found
                if plural:
                    entry.msgstr_plural = plural
                if entry.fuzzy:
                    entry.flags.remove("fuzzy")
                entry.previous_msgid = entry.previous_msgctxt = entry.previous_msgid_plural = None
                changed = True
        if changed:
            catalogue.save()
