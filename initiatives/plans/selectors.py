"""Reads of action plans and status reports: a fixed number of queries whatever the plan's size."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from .models import ActionPlan, Measure, MeasureState, MeasureStatus, StatusReport


def action_plan_list() -> QuerySet[ActionPlan]:
    counts = {
        f"count_{value}": Count("measures", filter=Q(measures__status=value)) for value in MeasureState.values
    }
    return (
        ActionPlan.objects.select_related("owner_organisation")
        .annotate(measure_count=Count("measures"), **counts)
        .order_by("name")
    )


def action_plan_get(*, slug: str) -> ActionPlan:
    """Raises ActionPlan.DoesNotExist."""
    return ActionPlan.objects.select_related("owner_organisation").get(slug=slug)


def measure_list(*, plan: ActionPlan) -> QuerySet[Measure]:
    return plan.measures.order_by("number")


def status_counts(statuses) -> list[dict]:
    """Every status in order with how many of ``statuses`` have it (zero included)."""
    counter = Counter(statuses)
    return [{"value": value, "label": label, "count": counter[value]} for value, label in MeasureState.choices]


def group_by_package(items, *, package=lambda item: item.package) -> list[dict]:
    """Items (ordered by number) grouped by package, packages in the order of their first measure."""
    groups: dict[str, list] = {}
    for item in items:
        groups.setdefault(package(item), []).append(item)
    return [{"package": name, "items": members} for name, members in groups.items()]


def status_report_list(*, plan: ActionPlan) -> QuerySet[StatusReport]:
    return plan.status_reports.select_related("created_by").order_by("-as_of", "-id")


def status_report_get(*, plan: ActionPlan, pk: int) -> StatusReport:
    """Raises StatusReport.DoesNotExist."""
    return plan.status_reports.select_related("created_by").get(pk=pk)


def previous_status_report(*, report: StatusReport) -> StatusReport | None:
    return (
        StatusReport.objects.filter(plan_id=report.plan_id)
        .filter(Q(as_of__lt=report.as_of) | Q(as_of=report.as_of, pk__lt=report.pk))
        .order_by("-as_of", "-id")
        .first()
    )


@dataclass
class ReportEntry:
    """One measure in a status report, with what it was in the previous report."""

    number: int
    package: str
    title: str
    responsible: str
    period: str
    status: str
    status_label: str
    status_text: str
    previous_status_label: str | None = None
    previous_status_text: str | None = None
    is_new: bool = False
    status_changed: bool = False
    text_changed: bool = False

    @property
    def changed(self) -> bool:
        return self.is_new or self.status_changed or self.text_changed


def _labels() -> dict:
    return dict(MeasureState.choices)


def status_report_entries(*, report: StatusReport, previous: StatusReport | None = None) -> list[ReportEntry]:
    """The report's measures by number, marked where they changed since ``previous`` (two queries)."""
    labels = _labels()
    before = {}
    if previous is not None:
        before = {
            row["measure_id"]: row
            for row in MeasureStatus.objects.filter(report=previous).values("measure_id", "status", "status_text")
        }
    entries = []
    rows = (
        MeasureStatus.objects.filter(report=report)
        .select_related("measure")
        .order_by("measure__number")
    )
    for row in rows:
        measure = row.measure
        entry = ReportEntry(
            number=measure.number,
            package=measure.package,
            title=measure.title,
            responsible=measure.responsible,
            period=measure.period,
            status=row.status,
            status_label=labels.get(row.status, row.status),
            status_text=row.status_text,
        )
        if previous is not None:
            old = before.get(measure.pk)
            if old is None:
                entry.is_new = True
            else:
                entry.previous_status_label = labels.get(old["status"], old["status"])
                entry.previous_status_text = old["status_text"]
                entry.status_changed = old["status"] != row.status
                entry.text_changed = old["status_text"] != row.status_text
        entries.append(entry)
    return entries


def current_status_entries(*, plan: ActionPlan) -> list[ReportEntry]:
    """The plan's measures as they are now, in the same shape as a report's entries (one query)."""
    labels = _labels()
    return [
        ReportEntry(
            number=m.number,
            package=m.package,
            title=m.title,
            responsible=m.responsible,
            period=m.period,
            status=m.status,
            status_label=labels.get(m.status, m.status),
            status_text=m.status_text,
        )
        for m in plan.measures.order_by("number")
    ]
