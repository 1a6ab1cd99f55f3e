"""Search answers questions: a fixed corpus of Norwegian insights, searched the way people type, in both
written standards, with misspellings. Each case names what must be found and what must come first.

On SQLite (the embedded default) words match as substrings of the text and tags, and results come newest
first; PostgreSQL adds stemming, one-letter misspellings and ranking, so the order is checked there.
"""
import pytest
from django.db import connection

from initiatives.models import TargetGroup
from insights import selectors
from insights.models import Theme
from tests.insights.factories import InsightFactory

CORPUS = {
    "hall": ("Ungdommene ønsker at idrettshallen er åpen på fredagskvelder", "idea", []),
    "hall_quote": ("«Vi har ingen steder å være på fredager, hallen er stengt»", "quote", []),
    "lys": ("Mer lys langs stien fra stasjonen til boligfeltet", "idea", ["Belysning"]),
    "lys_2": ("Gatelysene i parken er ødelagt", "idea", ["Belysning"]),
    "buss": ("Bussen går for sjelden om kvelden, ungdom går hjem alene", "idea", []),
    "voksne": ("Flere voksne ute i helgene, gjerne natteravner", "idea", ["Trygghet"]),
    "rus": ("Foreldre er bekymret for rus på festene", "experience", []),
    "sommerjobb": ("Sommerjobber for 15-åringer i kommunen", "idea", ["Aktiviteter"]),
    "parkering": ("Parkeringsplassen ved skolen er mørk", "idea", ["Belysning"]),
}
YOUTH_TAGGED = "voksne"  # mentions no youth, but is tagged with the youth target group


@pytest.fixture
def corpus(initiative):
    made = {}
    for key, (text, kind, themes) in CORPUS.items():
        insight = InsightFactory(initiative=initiative, text=text, kind=kind)
        for name in themes:
            insight.themes.add(Theme.objects.get_or_create(initiative=initiative, name=name)[0])
        made[key] = insight
    made[YOUTH_TAGGED].target_groups.add(TargetGroup.objects.create(name="Ungdom 13–18"))
    return made


def search(user, query) -> list[int]:
    results = selectors.insight_search_results(queryset=selectors.insight_search(user=user, query=query), query=query)
    return [insight.pk for insight in results]


ON_POSTGRES = connection.vendor == "postgresql"

# (query, keys that must be found, key that must come first on PostgreSQL or None)
CASES = [
    ("hva vet vi om ungdom?", {"hall", "buss", YOUTH_TAGGED}, None),
    ("Kva veit vi om ungdommen", {"hall", "buss", YOUTH_TAGGED}, None),
    ("hvorfor er hallen stengt?", {"hall_quote"}, "hall_quote"),
    ("hva sier de om belysning", {"lys", "lys_2", "parkering"}, None),  # the theme, not the text
    ("rus", {"rus"}, "rus"),
    ("sommerjobb", {"sommerjobb"}, "sommerjobb"),
    ("natteravner og voksne", {"voksne"}, "voksne"),
]
MISSPELT = [("hva vet vi om ungdon?", {"hall", "buss"}), ("natteravnar", {"voksne"}), ("somerjobber", {"sommerjobb"})]


@pytest.mark.parametrize(("query", "expected", "first"), CASES, ids=[case[0] for case in CASES])
def test_natural_questions_find_what_their_subject_finds(coordinator, corpus, query, expected, first):
    found = search(coordinator, query)
    assert {corpus[key].pk for key in expected} <= set(found), query
    if ON_POSTGRES and first:
        assert found[0] == corpus[first].pk, query


def test_nothing_unrelated_is_found(coordinator, corpus):
    assert set(search(coordinator, "hva vet vi om rus?")) == {corpus["rus"].pk}


@pytest.mark.parametrize(("query", "expected"), MISSPELT, ids=[case[0] for case in MISSPELT])
def test_a_word_misspelt_by_a_letter_still_finds_on_postgresql(coordinator, corpus, query, expected):
    found = set(search(coordinator, query))
    if ON_POSTGRES:
        assert {corpus[key].pk for key in expected} <= found, query
    else:  # SQLite has no trigram similarity: the misspelling finds nothing rather than the wrong thing
        assert not found & {corpus[key].pk for key in ("rus", "lys", "parkering")}


def test_a_quote_ranks_above_a_summary_that_matches_as_well(coordinator, initiative):
    summary = InsightFactory(initiative=initiative, text="Hallen er stengt i helgene", kind="idea")
    quote = InsightFactory(initiative=initiative, text="Hallen er stengt i helgene", kind="quote")
    order = search(coordinator, "hallen stengt")
    assert set(order) == {summary.pk, quote.pk}
    if ON_POSTGRES:
        assert order[0] == quote.pk
