"""Counts of related rows as correlated subqueries, for annotating the rows a page shows."""
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce


def count_of(rows: QuerySet, field: str) -> Coalesce:
    """How many of ``rows`` point at the outer row through ``field`` (0 when none).

    A subquery per annotated row rather than a join with GROUP BY: the outer query stays a
    plain (index) scan whatever it selects, a paginator's count reads none of the counted
    table, and an index that starts with ``field`` answers each count on its own.
    """
    counted = rows.filter(**{field: OuterRef("pk")}).order_by().values(field).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))
