"""Norwegian bokmål is the default: every catalogue is complete and compiled."""
from pathlib import Path

import polib
import pytest
from django.conf import settings

CATALOGUES = sorted(
    p
    for p in Path(settings.BASE_DIR).glob("**/locale/nb/LC_MESSAGES/django.po")
    if ".venv" not in p.parts and "node_modules" not in p.parts
)


def test_there_are_catalogues():
    assert len(CATALOGUES) >= 2


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_norwegian_catalogue_is_complete(path):
    po = polib.pofile(str(path))
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_compiled_catalogue_matches_its_source(path):
    mo = polib.mofile(str(path.with_suffix(".mo")))
    compiled = {e.msgid: (e.msgstr or e.msgstr_plural.get(0)) for e in mo}
    for entry in polib.pofile(str(path)).translated_entries():
        expected = entry.msgstr or entry.msgstr_plural.get(0)
        assert compiled.get(entry.msgid) == expected, f"{entry.msgid!r}: run `make messages`"
