"""Full-text search of insights.

On PostgreSQL: the "norwegian" text-search configuration, a GIN index on the very
expression the query uses (migration 0002), and SearchHeadline for highlights.
On SQLite: every word must occur in the text (case-insensitive substring) and the
highlight is done in Python, escaping the text first.
"""
from __future__ import annotations

import re

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchVector
from django.db import connection
from django.db.models import Q, QuerySet
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
    return GinIndex(search_vector(), name=SEARCH_INDEX_NAME)


def words(query: str) -> list[str]:
    return [word for word in re.split(r"\s+", query.strip()) if word][:10]


def search_filter(queryset: QuerySet, query: str) -> QuerySet:
    """Insights matching ``query``; on PostgreSQL annotated with a safe-to-escape ``headline``."""
    if not words(query):
        return queryset
    if uses_postgres():
        search_query = SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")
        return queryset.annotate(search=search_vector()).filter(search=search_query)
    condition = Q()
    for word in words(query):
        condition &= Q(text__icontains=word)
    return queryset.filter(condition)


def with_headline(queryset: QuerySet, query: str) -> QuerySet:
    if not (uses_postgres() and words(query)):
        return queryset
    search_query = SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")
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
    terms = words(query)
    if not terms:
        return escape(text)
    pattern = re.compile("|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True)), re.IGNORECASE)
    parts, last = [], 0
    for match in pattern.finditer(text):
        parts.append(escape(text[last : match.start()]))
        parts.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # nosec B308 B703 - every part is escaped
