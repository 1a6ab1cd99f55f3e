"""Paging long lists: a filtered list by its ids first; a log that only grows by keyset."""
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.utils.functional import cached_property


class IdsFirstPaginator(Paginator):
    """Counts and pages ``object_list`` selecting nothing but ids; reads the shown rows by primary key.

    Filtering, counting and skipping to a page then need only an index (an index-only scan where
    one covers the filters), however many rows match; the wide columns, counted subqueries and
    prefetched relations of ``rows(ids)`` are read for the page's rows alone.

    ``kept(name, compute)``, when given, keeps the count ("count") and each page's ids ("page:N:size")
    between looks, e.g. by core.cache_versions until what the list shows is written to.
    """

    def __init__(
        self,
        object_list: QuerySet,
        per_page: int,
        *,
        rows: Callable[[list], Iterable],
        kept: Callable[[str, Callable], object] | None = None,
        **kwargs,
    ):
        super().__init__(object_list, per_page, **kwargs)
        self.rows = rows
        self.kept = kept or (lambda _name, compute: compute())

    @cached_property
    def count(self) -> int:
        return self.kept("count", lambda: Paginator.count.func(self))

    def _get_page(self, sliced, number, paginator):
        ids = self.kept(f"page:{number}:{self.per_page}", lambda: list(sliced.values_list("pk", flat=True)))
        by_id = {row.pk: row for row in self.rows(ids)} if ids else {}
        return super()._get_page([by_id[pk] for pk in ids if pk in by_id], number, paginator)


# Keyset paging: for logs that only grow, newest first ----------------------------------------

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass
class KeysetPage:
    """One page of a newest-first list and the positions of its neighbours (None at either end)."""

    rows: list
    newer: str | None
    older: str | None
    is_first: bool


def position_of(row, time_field: str = "at") -> str:
    """The page position just past ``row`` (what parse_position reads back)."""
    return f"{(getattr(row, time_field) - EPOCH) // timedelta(microseconds=1)}.{row.pk}"


def parse_position(value: str | None) -> tuple[datetime, int] | None:
    """The (time, id) that ``value`` names, or None when it is missing or malformed."""
    micros, _, pk = (value or "").partition(".")
    # At most 18 digits each: the id then fits a bigint column, and the time is checked below.
    if not (micros.isdigit() and pk.isdigit()) or len(micros) > 18 or len(pk) > 18:
        return None
    try:
        return EPOCH + timedelta(microseconds=int(micros)), int(pk)
    except OverflowError:  # past the year 9999
        return None


def keyset_page(
    queryset: QuerySet, *, per_page: int, older_than=None, newer_than=None, time_field: str = "at"
) -> KeysetPage:
    """The rows just older than ``older_than`` (or just newer than ``newer_than``), newest first.

    Each page starts from the last row shown, seeking in the (time, id) index, so a page deep in a
    log of millions costs what the first one does and no row is counted; a row written meanwhile
    neither shifts a page nor shows twice. Positions come from ``parse_position``.
    """
    if newer_than is not None:  # seek upwards from the position, then show those rows newest first
        at, pk = newer_than
        rows = queryset.filter(Q(**{f"{time_field}__gt": at}) | Q(**{time_field: at, "pk__gt": pk}))
        rows = list(rows.order_by(time_field, "pk")[: per_page + 1])
        has_newer, has_older = len(rows) > per_page, True
        rows = rows[:per_page][::-1]
    else:
        if older_than is not None:
            at, pk = older_than
            queryset = queryset.filter(Q(**{f"{time_field}__lt": at}) | Q(**{time_field: at, "pk__lt": pk}))
        rows = list(queryset.order_by(f"-{time_field}", "-pk")[: per_page + 1])
        has_newer, has_older = older_than is not None, len(rows) > per_page
        rows = rows[:per_page]
    return KeysetPage(
        rows=rows,
        newer=position_of(rows[0], time_field) if rows and has_newer else None,
        older=position_of(rows[-1], time_field) if rows and has_older else None,
        is_first=not has_newer,
    )
