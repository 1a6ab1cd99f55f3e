"""The ids-first paginator: the same pages as Django's, with only the shown rows read in full."""
from datetime import timedelta

from django.utils import timezone

from insights.models import Insight
from innbyggerstemmen.core.pagination import IdsFirstPaginator
from tests.insights.factories import InsightFactory


def _newest_first(initiative):
    return Insight.objects.filter(initiative=initiative).order_by("-created_at", "-id")


def test_pages_hold_the_rows_in_list_order_and_only_those_are_read_in_full(initiative):
    now = timezone.now()
    made = [InsightFactory(initiative=initiative, text=f"Innspill {n}") for n in range(7)]
    for n, insight in enumerate(made):
        Insight.objects.filter(pk=insight.pk).update(created_at=now - timedelta(minutes=n))
    asked = []

    def rows(ids):
        asked.append(sorted(ids))
        return Insight.objects.filter(pk__in=ids).order_by("?")  # any order: the page restores the list's

    paginator = IdsFirstPaginator(_newest_first(initiative), 3, rows=rows)
    assert paginator.count == 7 and paginator.num_pages == 3
    assert [i.text for i in paginator.get_page(1)] == ["Innspill 0", "Innspill 1", "Innspill 2"]
    last = paginator.get_page(99)  # past the end: the last page, as with Django's paginator
    assert last.number == 3 and [i.text for i in last] == ["Innspill 6"]
    assert asked == [sorted(i.pk for i in made[:3]), [made[6].pk]]


def test_a_row_gone_between_the_two_reads_is_left_out(initiative):
    kept, gone = InsightFactory(initiative=initiative), InsightFactory(initiative=initiative)
    page = IdsFirstPaginator(
        _newest_first(initiative), 10, rows=lambda ids: Insight.objects.filter(pk__in=ids).exclude(pk=gone.pk)
    ).get_page(1)
    assert list(page) == [kept]


def test_an_empty_list_reads_no_rows(initiative):
    page = IdsFirstPaginator(_newest_first(initiative), 10, rows=lambda ids: 1 / 0).get_page(1)
    assert list(page) == [] and page.paginator.count == 0
