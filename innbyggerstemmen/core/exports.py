"""Files people download: CSV and XLSX tables, and the response that carries any file.

One guard keeps a typed value from running as a spreadsheet formula: CSV has no
cell types, so a value that starts like a formula gets a leading apostrophe
(which spreadsheet programs hide); XLSX has them, so every text is written as a
text cell and shows exactly what the person typed.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date, datetime

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _plain(value):
    """Timestamps in Norwegian time without a zone (spreadsheets know none); None as empty."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    return value


def csv_cell(value) -> str:
    value = _plain(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_bytes(rows: Iterable[Iterable]) -> bytes:
    """Semicolon-separated, UTF-8 with a BOM so spreadsheet programs read æøå."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(rows: Iterable[Iterable], *, title: str) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=_plain(value))
            if isinstance(cell.value, str):
                cell.data_type = "s"  # a text, never a formula: shown as typed
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def attachment(content: bytes | str, *, filename: str, content_type: str) -> HttpResponse:
    """A download. Files may hold personal data: no cache on the way may keep a copy."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
