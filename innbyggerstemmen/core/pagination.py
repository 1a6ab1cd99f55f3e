"""Paging a long filtered list: the page's ids first, then only those rows in full."""
from collections.abc import Callable, Iterable

from django.core.paginator import Paginator
from django.db.models import QuerySet


class IdsFirstPaginator(Paginator):
    """Counts and pages ``object_list`` selecting nothing but ids; reads the shown rows by primary key.

    Filtering, counting and skipping to a page then need only an index (an index-only scan where
    one covers the filters), however many rows match; the wide columns, counted subqueries and
    prefetched relations of ``rows(ids)`` are read for the page's rows alone.
    """

    def __init__(self, object_list: QuerySet, per_page: int, *, rows: Callable[[list], Iterable], **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.rows = rows

    def _get_page(self, sliced, number, paginator):
        ids = list(sliced.values_list("pk", flat=True))
        by_id = {row.pk: row for row in self.rows(ids)} if ids else {}
        return super()._get_page([by_id[pk] for pk in ids if pk in by_id], number, paginator)
