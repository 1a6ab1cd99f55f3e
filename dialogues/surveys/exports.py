"""A survey's answers as CSV and XLSX (core.exports writes the files and guards them)."""
from innbyggerstemmen.core.exports import csv_bytes, xlsx_bytes

from .selectors import export_rows


def answers_csv(*, survey, group: str = "") -> bytes:
    return csv_bytes(export_rows(survey=survey, group=group))


def answers_xlsx(*, survey, group: str = "") -> bytes:
    return xlsx_bytes(export_rows(survey=survey, group=group), title="Svar")
