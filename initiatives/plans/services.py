"""Writes to action plans: CSV import, inline status edits and status reports."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .models import ActionPlan, Measure, MeasureState, MeasureStatus, StatusReport

MAX_CSV_BYTES = 1024 * 1024
MAX_CSV_ROWS = 2000
RESERVED_SLUGS = {"importer"}  # paths of plans.urls beside the plans' own
REQUIRED_COLUMNS = ("nr", "title")
OPTIONAL_COLUMNS = ("package", "responsible", "period", "status", "description", "status_text")
MEASURE_FIELDS = ("package", "title", "responsible", "period", "status", "description", "status_text")

# The status words of government status reports, as they appear in the CSV files.
STATUS_WORDS = {
    "ikke igangsatt": MeasureState.NOT_STARTED,
    "under planlegging": MeasureState.BEING_PLANNED,
    "igangsatt": MeasureState.STARTED,
    "gjennomført": MeasureState.COMPLETED,
    "not started": MeasureState.NOT_STARTED,
    "being planned": MeasureState.BEING_PLANNED,
    "started": MeasureState.STARTED,
    "completed": MeasureState.COMPLETED,
    **{value: value for value in MeasureState.values},
}


def action_plan_csv_parse(data: bytes) -> list[dict]:
    """Read a plan's CSV (UTF-8, a header row with at least ``nr`` and ``title``) into row dicts.

    Raises ValidationError with a message a user can act on; nothing is written.
    """
    if len(data) > MAX_CSV_BYTES:
        raise ValidationError(_("The file is too large. The limit is 1 MB."), code="too_large")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            _("The file is not UTF-8 encoded. Save it as “CSV UTF-8” and try again."), code="encoding"
        ) from None
    if "\x00" in text:
        raise ValidationError(_("The file is not a CSV text file."), code="binary")
    # Spreadsheets in Norwegian locale save with semicolons; decide from the header row.
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [(name or "").strip().lower() for name in (reader.fieldnames or [])]
        missing = [column for column in REQUIRED_COLUMNS if column not in header]
        if missing:
            raise ValidationError(
                _("The file must have the columns %(required)s in its first row; missing: %(missing)s.")
                % {"required": ", ".join(REQUIRED_COLUMNS), "missing": ", ".join(missing)},
                code="columns",
            )
        reader.fieldnames = header
        rows = []
        for row in reader:
            if len(rows) >= MAX_CSV_ROWS:
                raise ValidationError(
                    _("The file has more than %(limit)s rows.") % {"limit": MAX_CSV_ROWS}, code="too_many_rows"
                )
            cleaned = {
                key: (value or "").strip()
                for key, value in row.items()
                if key in REQUIRED_COLUMNS or key in OPTIONAL_COLUMNS
            }
            if any(cleaned.values()):
                rows.append(cleaned)
    except csv.Error as error:
        raise ValidationError(
            _("The file could not be read as CSV (line %(line)s).") % {"line": reader.line_num}, code="csv"
        ) from error
    if not rows:
        raise ValidationError(_("The file has no measures."), code="empty")
    return rows


@dataclass
class ImportPlan:
    """What an import will do (a preview) or did."""

    name: str
    plan_exists: bool = False
    create: list[dict] = field(default_factory=list)
    update: list[dict] = field(default_factory=list)
    unchanged: list[dict] = field(default_factory=list)
    rejected: list[dict] = field(default_factory=list)

    @property
    def accepted(self) -> list[dict]:
        return [*self.create, *self.update, *self.unchanged]


def _measure_values(row: dict) -> tuple[dict | None, str]:
    """The measure fields of one CSV row, or None and why it is rejected."""
    number_text = row.get("nr", "")
    if not number_text.isdigit() or int(number_text) < 1:
        return None, _("The number “%(value)s” is not a whole number from 1.") % {"value": number_text}
    title = row.get("title", "")
    if not title:
        return None, _("The measure has no title.")
    values = {"number": int(number_text)}
    for key in MEASURE_FIELDS:
        if key in row and key != "status":
            values[key] = row[key]
    status_word = row.get("status", "")
    if status_word:
        status = STATUS_WORDS.get(status_word.lower())
        if status is None:
            return None, _("Unknown status “%(value)s”. Use Ikke igangsatt, Under planlegging, Igangsatt or Gjennomført.") % {
                "value": status_word
            }
        values["status"] = status
    limits = {"package": 255, "title": 500, "responsible": 255, "period": 50}
    for key, limit in limits.items():
        if len(values.get(key, "")) > limit:
            return None, _("The %(column)s is longer than %(limit)s characters.") % {"column": key, "limit": limit}
    return values, ""


def action_plan_import_preview(*, name: str, rows: list[dict]) -> ImportPlan:
    """Sort the rows into measures to create, update or leave as they are, and rejected rows with the reason."""
    name = name.strip()
    result = ImportPlan(name=name)
    plan = ActionPlan.objects.filter(name=name).first()
    result.plan_exists = plan is not None
    existing = {m.number: m for m in plan.measures.all()} if plan else {}
    seen: set[int] = set()
    for line, row in enumerate(rows, start=2):
        values, reason = _measure_values(row)
        if values is None:
            result.rejected.append({"line": line, "row": row, "reason": reason})
            continue
        if values["number"] in seen:
            result.rejected.append(
                {"line": line, "row": row, "reason": _("Measure number %(number)s appears twice.") % values}
            )
            continue
        seen.add(values["number"])
        current = existing.get(values["number"])
        if current is None:
            values.setdefault("status", MeasureState.NOT_STARTED)
            result.create.append(values)
        elif any(getattr(current, key) != value for key, value in values.items()):
            # A file without a status column keeps the status set in the portal.
            changes = [key for key, value in values.items() if getattr(current, key) != value]
            result.update.append({**values, "changes": changes})
        else:
            result.unchanged.append(values)
    return result


def _unique_slug(name: str) -> str:
    base = slugify(name.replace("æ", "ae").replace("Æ", "Ae").replace("ø", "o").replace("Ø", "O")
                   .replace("å", "a").replace("Å", "A").replace("–", "-"))[:90] or "plan"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or ActionPlan.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def action_plan_import(*, name: str, rows: list[dict], period: str = "", description: str = "") -> ImportPlan:
    """Create the plan, or update it: measures are matched by number, so re-importing never duplicates.

    Measures without a status get "Ikke igangsatt"; on re-import a file without a status
    keeps the status set in the portal. Rejected rows are reported and skipped.
    """
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("The action plan needs a name.")})
    if len(name) > 200:
        raise ValidationError({"name": _("The name can be at most 200 characters.")})
    plan = ActionPlan.objects.select_for_update().filter(name=name).first()
    if plan is None:
        plan = ActionPlan.objects.create(name=name, slug=_unique_slug(name), period=period, description=description)
    elif (period and plan.period != period) or (description and plan.description != description):
        plan.period = period or plan.period
        plan.description = description or plan.description
        plan.save(update_fields=["period", "description", "updated_at"])
    result = action_plan_import_preview(name=name, rows=rows)
    Measure.objects.bulk_create([Measure(plan=plan, **values) for values in result.create])
    current = {m.number: m for m in plan.measures.filter(number__in=[v["number"] for v in result.update])}
    for values in result.update:
        measure = current[values["number"]]
        for key in values["changes"]:
            setattr(measure, key, values[key])
        measure.save(update_fields=[*values["changes"], "updated_at"])
    return result


@transaction.atomic
def measure_update(*, measure: Measure, status: str, status_text: str) -> Measure:
    if status not in MeasureState.values:
        raise ValidationError({"status": _("Choose one of the statuses in the list.")})
    measure.status = status
    measure.status_text = status_text.strip()
    measure.save(update_fields=["status", "status_text", "updated_at"])
    return measure


@transaction.atomic
def status_report_create(*, plan: ActionPlan, title: str, as_of: date, user=None) -> StatusReport:
    """Snapshot every measure's status and status text as they are now."""
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("The status report needs a title.")})
    report = StatusReport.objects.create(plan=plan, title=title, as_of=as_of, created_by=user)
    MeasureStatus.objects.bulk_create(
        MeasureStatus(report=report, measure_id=measure_id, status=status, status_text=status_text)
        for measure_id, status, status_text in plan.measures.values_list("pk", "status", "status_text")
    )
    return report


STATUS_REPORT_DOCUMENT = "plans.status_report"


def status_report_html(report_id: int, *, language: str, generated_at=None) -> str:
    """A saved status report's PDF document (core.stored_pdfs makes, keeps and gives it again)."""
    report = StatusReport.objects.select_related("plan").get(pk=report_id)
    return _status_report_html(plan=report.plan, report=report)


def status_report_pdf(*, plan: ActionPlan, report: StatusReport | None = None) -> bytes:
    """The status report as a PDF made now (the management command's file); without a report, today's statuses."""
    from innbyggerstemmen.core.pdf import html_to_pdf

    return html_to_pdf(_status_report_html(plan=plan, report=report))


def _status_report_html(*, plan: ActionPlan, report: StatusReport | None) -> str:
    from django.template.loader import render_to_string
    from django.utils import timezone
    from django.utils.formats import date_format

    from . import selectors

    previous = None
    if report is not None:
        previous = selectors.previous_status_report(report=report)
        entries = selectors.status_report_entries(report=report, previous=previous)
        title, as_of = report.title, report.as_of
    else:
        entries = selectors.current_status_entries(plan=plan)
        as_of = timezone.localdate()
        title = _("Status as of %(date)s") % {"date": date_format(as_of, "DATE_FORMAT")}
    context = {
        "plan": plan,
        "report_title": title,
        "as_of": as_of,
        "entries": entries,
        "groups": selectors.group_by_package(entries),
        "counts": selectors.status_counts(entry.status for entry in entries),
        "previous": previous,
        "report_is_saved": report is not None,
        "changed": [entry for entry in entries if entry.changed],
        # Each measure is in the table once; only those with something to say get a section of their own.
        "described": [entry for entry in entries if entry.status_text],
        "undescribed_count": sum(1 for entry in entries if not entry.status_text),
    }
    return render_to_string("plans/report_pdf.html", context)
