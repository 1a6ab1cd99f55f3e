"""Answers as CSV (semicolon-separated, UTF-8 with BOM so spreadsheets read æøå) and XLSX."""
import csv
import io

from django.utils import timezone
from openpyxl import Workbook

from .selectors import export_rows


def _cell(value):
    if isinstance(value, str):
        # A typed answer must never run as a spreadsheet formula.
        return "'" + value if value[:1] in ("=", "+", "-", "@") else value
    if hasattr(value, "tzinfo"):
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def answers_csv(*, survey) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    for row in export_rows(survey=survey):
        cells = [_cell(v) for v in row]
        writer.writerow([c.strftime("%Y-%m-%d %H:%M") if hasattr(c, "strftime") else c for c in cells])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def answers_xlsx(*, survey) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title="Svar")
    for row in export_rows(survey=survey):
        sheet.append([_cell(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
