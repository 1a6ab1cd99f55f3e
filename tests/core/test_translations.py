"""Norwegian bokmål is the default and nynorsk stands beside it: every catalogue is complete and compiled."""
from pathlib import Path

import polib
import pytest
from django.conf import settings

# Every language a citizen can choose is written out in full; English texts are the source (msgid).
TRANSLATED = ("nb", "nn")
CATALOGUES = sorted(
    p
    for language in TRANSLATED
    for p in Path(settings.BASE_DIR).glob(f"**/locale/{language}/LC_MESSAGES/django.po")
    if ".venv" not in p.parts and "node_modules" not in p.parts
)


# django-allauth's texts in nynorsk, kept by hand outside `make messages` (settings.LOCALE_PATHS).
ALLAUTH_NYNORSK = Path(settings.BASE_DIR) / "innbyggerstemmen/accounts/allauth_locale/nn/LC_MESSAGES/django.po"


def test_there_are_catalogues():
    assert len(CATALOGUES) >= 4


def test_every_app_has_a_catalogue_in_each_language():
    bokmal = {p.parent.parent.parent for p in CATALOGUES if p.parts[-3] == "nb"}
    assert ALLAUTH_NYNORSK.exists()
    for language in TRANSLATED:
        assert {p.parent.parent.parent for p in CATALOGUES if p.parts[-3] == language} == bokmal, language


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_the_catalogue_is_complete_with_nothing_fuzzy(path):
    po = polib.pofile(str(path))
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []


@pytest.mark.parametrize("path", [*CATALOGUES, ALLAUTH_NYNORSK], ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_compiled_catalogue_matches_its_source(path):
    mo = polib.mofile(str(path.with_suffix(".mo")))
    # Keyed by context too: "Actions" (a table column) and "Actions" (follow-up actions) are two texts.
    compiled = {(e.msgctxt, e.msgid): (e.msgstr or e.msgstr_plural.get(0)) for e in mo}
    for entry in polib.pofile(str(path)).translated_entries():
        expected = entry.msgstr or entry.msgstr_plural.get(0)
        assert compiled.get((entry.msgctxt, entry.msgid)) == expected, f"{entry.msgid!r}: run `make messages`"


JINJA_TEMPLATES = sorted(
    p
    for p in Path(settings.BASE_DIR).glob("**/jinja2/**/*.html")
    if ".venv" not in p.parts and "node_modules" not in p.parts
)


def _jinja_texts(source: str) -> list[str]:
    from django.template import engines

    return [
        message[0] if isinstance(message, tuple) else message
        for _, _, message in engines["jinja2"].env.extract_translations(source)
    ]


@pytest.mark.parametrize("language", TRANSLATED)
@pytest.mark.parametrize("path", JINJA_TEMPLATES, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_jinja_partial_texts_are_in_each_norwegian_catalogue(path, language):
    known = {
        entry.msgid
        for catalogue in CATALOGUES
        if catalogue.parts[-3] == language
        for entry in polib.pofile(str(catalogue)).translated_entries()
    }
    assert [text for text in _jinja_texts(path.read_text()) if text not in known] == []


def test_make_messages_reads_jinja_partials_with_their_plurals(tmp_path):
    from django.core.management.commands.makemessages import TranslatableFile

    from innbyggerstemmen.core.management.commands.translations import JinjaAwareBuildFile, MakeMessages

    folder = tmp_path / "app" / "jinja2" / "app"
    folder.mkdir(parents=True)
    (folder / "_row.html").write_text(
        '<p>{{ _("Present") }}</p>\n'
        '{% if n %}{{ ngettext("%(counter)s action", "%(counter)s actions", n, counter=n) }}{% endif %}\n'
    )
    build = JinjaAwareBuildFile(MakeMessages(), "django", TranslatableFile(str(folder), "_row.html", str(tmp_path)))
    build.preprocess()
    lines = Path(build.work_path).read_text().splitlines()
    assert lines[0].strip() == "gettext('Present');"
    assert lines[1].strip() == "ngettext('%(counter)s action', '%(counter)s actions');"


@pytest.mark.parametrize("path", [p for p in CATALOGUES if p.parts[-3] == "nb"], ids=lambda p: str(p.parts[-5]))
def test_each_language_has_the_same_texts_as_bokmal(path):
    """A text added for one language and forgotten in another is stale: `make messages` updates them together."""

    def texts(catalogue: Path) -> set:
        return {(e.msgctxt, e.msgid, e.msgid_plural) for e in polib.pofile(str(catalogue)) if not e.obsolete}

    bokmal = texts(path)
    for language in ("nn", "en"):
        other = path.parents[2] / language / "LC_MESSAGES" / "django.po"
        assert texts(other) == bokmal, f"{other}: run `make messages`"


# Bokmål forms that the glossary (locale/GLOSSARY.md) gives another nynorsk word for: one slipping into the
# nynorsk catalogue is a term used inconsistently.
BOKMAL_FORMS = (
    "ikke", "hva", "hvem", "hvordan", "hvorfor", "jeg", "fra", "bare", "også", "noen", "være", "hvis",
    "deltaker", "deltakere", "deltakerne", "innbygger", "innbyggere", "påminnelse", "påminnelser", "bekreftet",
    "bekreftelse", "undersøkelse", "undersøkelser", "spørreundersøkelse", "kjøreplan", "kjøreplanen", "medvirkning",
    "eier", "ansvarlig", "mottaker", "mottakere", "partnere", "ansatte", "personlig", "offentlig", "overskuddsinnsikt",
    "innspill", "sammendrag", "ledere",
)


@pytest.mark.parametrize(
    "path",
    [*(p for p in CATALOGUES if p.parts[-3] == "nn"), ALLAUTH_NYNORSK],
    ids=lambda p: str(p.relative_to(settings.BASE_DIR)),
)
def test_the_nynorsk_catalogue_uses_the_glossarys_words(path):
    import re

    form = re.compile(r"\b(" + "|".join(BOKMAL_FORMS) + r")\b", re.IGNORECASE)
    found = []
    for entry in polib.pofile(str(path)).translated_entries():
        texts = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        found += [(entry.msgid, match.group(0)) for text in texts for match in form.finditer(text)]
    assert found == []


def test_dates_numbers_and_plurals_follow_nynorsk():
    from datetime import date

    from django.utils import translation
    from django.utils.formats import date_format, number_format

    with translation.override("nn"):
        assert date_format(date(2027, 6, 8), "l j. F Y") == "tysdag 8. juni 2027"
        assert number_format(2067, force_grouping=True) == "2\xa0067"
        assert translation.ngettext("%(counter)s insight", "%(counter)s insights", 2) % {"counter": 2} == "2 innsikter"
    with translation.override("nb"):
        assert date_format(date(2027, 6, 8), "l j. F Y") == "tirsdag 8. juni 2027"
