"""The ids-first paginator: the same pages as Django's, with only the shown rows read in full."""
from datetime import timedelta

import pytest
from django.utils import timezone

from innbyggerstemmen.core.pagination import IdsFirstPaginator, keyset_page, parse_position
from insights.models import Insight
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


# Keyset paging (the audit log) ---------------------------------------------------------------


def _events(count, *, same_time=False):
    """``count`` audit events, one second apart (or all at one instant), oldest first."""
    from innbyggerstemmen.core.audit import Action, audit_record
    from innbyggerstemmen.core.models import AuditEvent

    start = timezone.now() - timedelta(days=1)
    made = [audit_record(actor=None, action=Action.LOGIN, detail=f"hendelse {n}") for n in range(count)]
    for n, event in enumerate(made):
        AuditEvent.objects.filter(pk=event.pk).update(at=start if same_time else start + timedelta(seconds=n))
    return AuditEvent.objects.all()


def _labels(page):
    return [event.detail for event in page.rows]


@pytest.mark.parametrize("same_time", [False, True])
def test_keyset_pages_walk_the_whole_log_both_ways_without_gaps_or_repeats(db, same_time):
    events = _events(7, same_time=same_time)
    first = keyset_page(events, per_page=3)
    assert _labels(first) == ["hendelse 6", "hendelse 5", "hendelse 4"]
    assert first.is_first and first.newer is None and first.older
    second = keyset_page(events, per_page=3, older_than=parse_position(first.older))
    last = keyset_page(events, per_page=3, older_than=parse_position(second.older))
    assert _labels(second) == ["hendelse 3", "hendelse 2", "hendelse 1"]
    assert _labels(last) == ["hendelse 0"] and last.older is None and not last.is_first
    back = keyset_page(events, per_page=3, newer_than=parse_position(last.newer))
    assert _labels(back) == _labels(second) and not back.is_first
    assert _labels(keyset_page(events, per_page=3, newer_than=parse_position(back.newer))) == _labels(first)


def test_a_new_event_does_not_shift_the_next_page(db):
    from innbyggerstemmen.core.audit import Action, audit_record

    events = _events(4)
    first = keyset_page(events, per_page=2)
    audit_record(actor=None, action=Action.LOGIN, detail="ny hendelse")
    assert _labels(keyset_page(events, per_page=2, older_than=parse_position(first.older))) == [
        "hendelse 1", "hendelse 0"
    ]


@pytest.mark.parametrize(
    "value", ["", "abc", "12.", ".5", "1.2.3", "-5.3", "9" * 30 + ".1", "9" * 18 + ".1", "1." + "9" * 19]
)
def test_malformed_positions_are_refused(value):
    assert parse_position(value) is None
