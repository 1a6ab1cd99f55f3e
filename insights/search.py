"""Full-text search of insights.

A query may be typed as a question ("hva vet vi om ungdom?"): question and filler words
are left out, and each remaining word must be found, either in the text or in the name of
a theme or target group the insight is tagged with ("ungdom" finds insights tagged
"Ungdom 13–15 år" whatever their wording).

On PostgreSQL: the "norwegian" text-search configuration (stemming), the text's tsvector stored in
Insight.search_document with a GIN index (migration 0018), a trigram index for words misspelt by a letter
(migration 0012), and SearchHeadline for highlights.
On SQLite: each word's stem must occur in the text (case-insensitive substring) and the
highlight is done in Python, escaping the text first.
"""
from __future__ import annotations

import re

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector, SearchVectorField
from django.db import connection
from django.db.models import Case, Exists, F, FloatField, Func, OuterRef, Q, QuerySet, Value, When
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

SEARCH_CONFIG = "norwegian"
SEARCH_INDEX_NAME = "insight_text_search_gin"
# Markers PostgreSQL puts around matches; never valid in user text, replaced after escaping.
_START, _STOP = "\x02", "\x03"


def uses_postgres() -> bool:
    return connection.vendor == "postgresql"


def search_vector() -> SearchVector:
    return SearchVector("text", config=SEARCH_CONFIG)


def search_index() -> GinIndex:
    """Migration 0002's index on the expression; replaced by DOCUMENT_INDEX_NAME on the stored column (0018)."""
    return GinIndex(search_vector(), name=SEARCH_INDEX_NAME)


class SearchDocument(Func):
    """What Insight.search_document stores: the text as a PostgreSQL tsvector. Stored, not computed per query,
    so ranking thousands of matches reads it rather than parsing each text again (make bench, national size).
    SQLite has no tsvector: there the column stays empty and search matches substrings."""

    template = f"to_tsvector('{SEARCH_CONFIG}'::regconfig, COALESCE(%(expressions)s, ''))"
    output_field = SearchVectorField(null=True)

    def as_sqlite(self, compiler, connection, **extra_context):
        return "NULL", []


DOCUMENT_INDEX_NAME = "insight_document_gin"  # migration 0018


# Words that ask rather than say, in bokmål and nynorsk: "hva vet vi om …", "kva veit vi om …", "finnes det …".
FILLER_WORDS = frozenset(
    """
    hva kva hvem kven hvor kvar hvordan korleis hvorfor kvifor hvilke hvilken hvilket kva for kor når
    vet veit vite vi oss meg jeg eg du dere de dei man en ein ei et eit
    om av for fra frå til med på i og eller at som er var blir vert har hadde kan skal vil bør
    det den dette disse desse der her noe noko noen nokon nokre mye mykje mange alle
    finnes finst fins sier seier sa sagt si fortell fortel fortalt tenker tenkjer mener meiner
    gruppe grupper gruppa gruppene innbyggergruppe innbyggjargruppe folk
    """.split()
)
_WORD = re.compile(r"[\w-]+", re.UNICODE)
# Shorter words have too few trigrams: one wrong letter is a different word ("bil", "bok").
MIN_FUZZY_LENGTH = 5
# Bokmål and nynorsk endings, longest first: "ungdommene" and "ungdommane" are found as "ungdom…".
_ENDINGS = ("ene", "ane", "ers", "ar", "er", "en", "et", "a", "e")


def meaningful_words(text: str) -> list[str]:
    """The text's words without question and filler words, lower case."""
    return [word for word in (word.lower() for word in _WORD.findall(text)) if word not in FILLER_WORDS]


def words(query: str) -> list[str]:
    """The words that carry the query's meaning, at most ten; filler words are kept only when the query has
    nothing else (so "hva" alone is still searched for)."""
    return (meaningful_words(query[:500]) or [word.lower() for word in _WORD.findall(query[:500])])[:10]


def stem(word: str) -> str:
    """A crude Norwegian stem, searched for as a prefix: "ungdommen" → "ungdom", "møteplasser" → "møteplass"."""
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            word = word[: -len(ending)]
            # A consonant doubled before the ending ("ungdom-m-en") is single in the word itself.
            if len(word) >= 5 and word[-1] == word[-2] and word[-1] not in "aeiouyæøå":
                word = word[:-1]
            break
    return word


def _prefix_query(terms: list[str]) -> SearchQuery:
    """A PostgreSQL query for words beginning with each stem, through the index (only letters and digits reach it)."""
    parts = [re.sub(r"\W", "", stem(term)) for term in terms]
    return SearchQuery(" & ".join(f"{part}:*" for part in parts if part), config=SEARCH_CONFIG, search_type="raw")


def _tagged(word: str) -> Q | None:
    """Insights tagged with a theme or target group whose name contains the word, or None when no name does.

    The names are looked up first (two small tables): most words name no tag, and then the query is the
    text condition alone, which the GIN index answers.
    """
    from initiatives.models import TargetGroup

    from .models import Insight, Theme

    # Any 200, unsorted: which ones only narrows the insights (a trigram index answers the themes).
    theme_ids = list(Theme.objects.filter(name__icontains=word).order_by().values_list("pk", flat=True)[:200])
    group_ids = list(TargetGroup.objects.filter(name__icontains=word).order_by().values_list("pk", flat=True)[:200])
    condition = Q()
    if theme_ids:
        tagged = Insight.themes.through.objects.filter(insight_id=OuterRef("pk"), theme_id__in=theme_ids)
        condition |= Q(Exists(tagged))
    if group_ids:
        tagged = Insight.target_groups.through.objects.filter(insight_id=OuterRef("pk"), targetgroup_id__in=group_ids)
        condition |= Q(Exists(tagged))
    return condition or None


def _anywhere(word: str) -> bool:
    """Whether any insight has a word beginning with the word's stem (one probe of the text's GIN index)."""
    from .models import Insight

    return Insight.objects.filter(search_document=_prefix_query([word])).exists()


def search_filter(queryset: QuerySet, query: str) -> QuerySet:
    """Insights matching every meaningful word of ``query``, in their text or their tags."""
    terms = words(query)
    if not terms:
        return queryset
    condition = Q()
    for word in terms:
        if uses_postgres():
            # The stem as a word prefix; only a word no insight contains is taken as misspelt and matched to words
            # at most about a letter away ("ungdon" → "ungdom"). Always adding the fuzzy match made a common word
            # recheck its similarity on every one of 100,000 candidates at national size (7 s, make bench).
            in_text = Q(search_document=_prefix_query([word]))
            if len(word) >= MIN_FUZZY_LENGTH and not _anywhere(word):
                in_text = Q(text__trigram_word_similar=word)
        else:
            in_text = Q(text__icontains=stem(word))
        tagged = _tagged(stem(word))
        condition &= in_text | tagged if tagged is not None else in_text
    return queryset.filter(condition)


# A citizen's own words (a quote) weigh more than a summary of them, at the same match.
QUOTE_WEIGHT = 1.5


# How many of the newest matches are ranked by how well they match; older ones follow, newest first.
# Ranking reads every match: for a word in a third of a million insights that was seconds (make bench,
# national size), while the newest thousand are found in milliseconds through the recency index.
RANK_WINDOW = 1000


def ranked(queryset: QuerySet, query: str) -> QuerySet:
    """Best first: prioritised insights, then (PostgreSQL) how well the text matches, quotes weighing more,
    then the newest."""
    if uses_postgres() and words(query):
        weight = Case(When(kind="quote", then=Value(QUOTE_WEIGHT)), default=Value(1.0), output_field=FloatField())
        queryset = queryset.annotate(rank=SearchRank(F("search_document"), _prefix_query(words(query))) * weight)
        return queryset.order_by("-is_priority", "-rank", "-created_at", "-id")
    return queryset.order_by("-is_priority", "-created_at", "-id")


class RankedMatches:
    """The matches in the order results are shown, sliced by the paginator like a queryset: the newest
    RANK_WINDOW of them ranked (see ``ranked``), then the older ones newest first. ``total``: how many match.

    ``remember``: keeps the ranked window's ids (a function taking the function that finds them), so paging
    through it and asking again before anything changes fetch 25 rows by id instead of ranking again.
    """

    ordered = True  # for Paginator

    def __init__(self, queryset: QuerySet, query: str, total: int, *, remember=None):
        self.queryset, self.query, self.total = queryset, query, total
        self.remember = remember
        self._ids = None

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def _window(self) -> QuerySet:
        if self.total <= RANK_WINDOW:
            return ranked(self.queryset, self.query)
        newest = self.queryset.order_by("-created_at", "-id").values("pk")[:RANK_WINDOW]
        return ranked(self.queryset.filter(pk__in=newest), self.query)

    def window_ids(self) -> list[int]:
        if self._ids is None:
            def find() -> list[int]:
                return list(self._window().values_list("pk", flat=True))

            self._ids = self.remember(find) if self.remember else find()
        return self._ids

    def _older(self) -> QuerySet:
        return self.queryset.order_by("-created_at", "-id")[RANK_WINDOW:]

    def __getitem__(self, index: slice) -> list:
        start, stop = index.start or 0, self.total if index.stop is None else index.stop
        ids = self.window_ids()
        window = len(ids)
        found = []
        if start < window:
            chosen = ids[start : min(stop, window)]
            rows = {row.pk: row for row in self.queryset.filter(pk__in=chosen)}
            found = [rows[pk] for pk in chosen if pk in rows]
        if stop > window:
            found += list(self._older()[max(start, window) - window : stop - window])
        return found

    def __iter__(self):
        return iter(self[0 : self.total])


def with_headline(queryset: QuerySet, query: str) -> QuerySet:
    if not (uses_postgres() and words(query)):
        return queryset
    search_query = _prefix_query(words(query))
    return queryset.annotate(
        headline=SearchHeadline(
            "text", search_query, config=SEARCH_CONFIG, start_sel=_START, stop_sel=_STOP, highlight_all=True
        )
    )


def highlight(text: str, query: str, headline: str | None = None) -> SafeString:
    """The text, HTML-escaped, with the matches wrapped in <mark>."""
    if headline is not None:
        marked = escape(headline)
        return mark_safe(marked.replace(_START, "<mark>").replace(_STOP, "</mark>"))  # nosec B308 B703 - escaped above
    terms = [stem(term) for term in words(query)]
    if not terms:
        return escape(text)
    # A stem is marked with the rest of its word: "møteplass" marks "møteplasser".
    pattern = re.compile(
        "|".join(re.escape(term) + r"\w*" for term in sorted(terms, key=len, reverse=True)), re.IGNORECASE
    )
    parts, last = [], 0
    for match in pattern.finditer(text):
        parts.append(escape(text[last : match.start()]))
        parts.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # nosec B308 B703 - every part is escaped
