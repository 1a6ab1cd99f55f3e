"""Idea wall CSV files (e.g. a Padlet board's export): read, guess the columns, and plan the import.

Plain functions without database writes. The plan says, row by row, what will be created and
what is rejected and why; the import service and the preview page use the same plan.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext_lazy as _

from innbyggerstemmen.core.csv_files import (  # noqa: F401 - the import's file reading, used through this module
    ENCODINGS,
    MAX_BYTES,
    MAX_CELL,
    MAX_COLUMNS,
    MAX_ROWS,
    DecodedFile,
    ImportFileError,
    ParsedFile,
    decode,
    detect_delimiter,
    encoding_label,
    fingerprint,
    parse,
    read_upload,
)
from innbyggerstemmen.core.personal_text import personal_data_warnings

from .models import Kind
from .services import INSIGHT_TEXT_MAX

MAX_TEXT = INSIGHT_TEXT_MAX

# What a column can become.
IGNORE, TEXT, KIND, THEME, DATE = "ignore", "text", "kind", "theme", "date"
TARGETS = [
    (IGNORE, _("Not imported")),
    (TEXT, _("Insight text")),
    (KIND, _("Kind")),
    (THEME, _("Theme")),
    (DATE, _("Date said")),
]

# Column headings we recognise (lower case), in English and Norwegian; Padlet names them like this.
TEXT_HEADINGS = {
    "subject", "title", "headline", "emne", "tittel", "overskrift",
    "body", "text", "content", "description", "comment", "idea", "ideas",
    "innhold", "tekst", "beskrivelse", "kommentar", "idé", "ide", "innspill", "insight", "innsikt",
}
THEME_HEADINGS = {"section", "seksjon", "column", "kolonne", "theme", "tema", "category", "kategori", "group", "gruppe"}
KIND_HEADINGS = {"kind", "type", "art", "sort", "innspillstype"}
DATE_HEADINGS = {"created at", "created", "date", "dato", "opprettet", "tidspunkt", "tid", "time"}

# Rejection reasons, by the code stored in the import's result.
EMPTY, TOO_LONG, DUPLICATE, DUPLICATE_IN_FILE, PERSONAL = "empty", "too_long", "duplicate", "duplicate_in_file", "personal"
# Not a rejection: in an import's result, how many created rows were merged into an insight they resembled.
MERGED = "merged"
REASONS = {
    EMPTY: _("No text"),
    TOO_LONG: _("The text is longer than 2000 characters"),
    DUPLICATE: _("Already recorded in this initiative"),
    DUPLICATE_IN_FILE: _("The same text appears earlier in the file"),
    PERSONAL: _("May contain personal data and was not confirmed"),
}


def guess_target(heading: str) -> str:
    name = heading.strip().lower()
    if name in TEXT_HEADINGS:
        return TEXT
    if name in THEME_HEADINGS:
        return THEME
    if name in KIND_HEADINGS:
        return KIND
    if name in DATE_HEADINGS:
        return DATE
    return IGNORE


def guess_mapping(headings: list[str]) -> list[str]:
    """A target per column: subject and body become the text, Padlet's section the theme, the rest is ignored."""
    targets = [guess_target(heading) for heading in headings]
    if TEXT not in targets and len(headings) == 1:
        targets = [TEXT]
    # One kind column and one date column at most.
    for single in (KIND, DATE):
        seen = False
        for index, target in enumerate(targets):
            if target == single:
                if seen:
                    targets[index] = IGNORE
                seen = True
    return targets


# Padlet writes ISO dates ("2021-05-02 14:03:22 UTC"); Norwegian Excel writes 02.05.2021.
_DATE_FORMATS = (
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})"), (1, 2, 3)),
    (re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})"), (3, 2, 1)),
)


def date_from_value(value: str) -> date | None:
    """The day a cell names, or None when it names none (the import then uses the meeting's day)."""
    value = value.strip()
    for pattern, (year, month, day) in _DATE_FORMATS:
        if match := pattern.match(value):
            try:
                return date(int(match.group(year)), int(match.group(month)), int(match.group(day)))
            except ValueError:
                return None
    return None


def examples(parsed: ParsedFile, limit: int = 60) -> list[str]:
    """The first non-empty value of each column, shortened, to help the user recognise it."""
    found = []
    for index in range(len(parsed.headings)):
        value = next((row[index].strip() for row in parsed.rows if row[index].strip()), "")
        value = " ".join(value.split())
        found.append(value if len(value) <= limit else value[: limit - 1] + "…")
    return found


_KIND_WORDS = {
    Kind.QUOTE: {"quote", "sitat"},
    Kind.IDEA: {"idea", "idé", "ide", "forslag"},
    Kind.NEED: {"need", "behov"},
    Kind.OBSERVATION: {"observation", "observasjon"},
    Kind.CONCERN: {"concern", "bekymring"},
}


def kind_from_value(value: str, default: str) -> str:
    value = value.strip().lower()
    for kind, words in _KIND_WORDS.items():
        if value in words or value == kind.value:
            return kind.value
    return default


def normalise(text: str) -> str:
    """The form two texts are compared in to find duplicates."""
    return " ".join(text.split()).casefold()


def _join_text(parts: list[str]) -> str:
    """Subject and body as one text: "Mer lys. Det er mørkt langs stien"."""
    text = ""
    for part in parts:
        part = " ".join(part.split()) if "\n" not in part else part.strip()
        if not part:
            continue
        if not text:
            text = part
        elif text[-1] in ".!?:;":
            text = f"{text} {part}"
        else:
            text = f"{text}. {part}"
    return text


def cut_to_limit(text: str, limit: int = MAX_TEXT) -> str:
    """The text cut to ``limit`` characters at the last word break that keeps most of it, ending in "…"."""
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    word_break = head.rstrip().rfind(" ")
    if word_break > limit - 200:  # a word break near the end; a very long "word" is cut where it stands
        head = head[:word_break]
    return head.rstrip() + "…"


@dataclass
class PlannedRow:
    number: int  # the line's number in the file's rows, counting the first data row as 1
    text: str
    kind: str = Kind.IDEA
    themes: list[str] = field(default_factory=list)
    said_on: date | None = None
    reason: str = ""  # a REASONS code when rejected
    warnings: list[str] = field(default_factory=list)
    cut_from: int = 0  # the original length when the text was cut to the limit

    @property
    def kind_label(self) -> str:
        return Kind(self.kind).label

    @property
    def reason_label(self) -> str:
        return str(REASONS[self.reason]) if self.reason else ""

    @property
    def excerpt(self) -> str:
        return self.text if len(self.text) <= 200 else self.text[:199] + "…"


@dataclass
class Plan:
    create: list[PlannedRow]
    rejected: list[PlannedRow]

    @property
    def flagged(self) -> list[PlannedRow]:
        return [row for row in self.create if row.warnings]

    @property
    def too_long(self) -> list[PlannedRow]:
        return [row for row in self.rejected if row.reason == TOO_LONG]

    @property
    def too_long_numbers(self) -> str:
        return ", ".join(str(row.number) for row in self.too_long)

    def reason_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for row in self.rejected:
            counts[row.reason] = counts.get(row.reason, 0) + 1
        return counts


def plan(
    parsed: ParsedFile,
    *,
    targets: list[str],
    default_kind: str,
    existing_texts,
    include_flagged: bool = True,
    cut_long: bool = False,
) -> Plan:
    """What each row becomes. ``existing_texts`` are the initiative's insight texts (any form).

    Rows that look like personal data are planned for creation with a warning, unless
    ``include_flagged`` is false: then they are rejected. A text over the limit is rejected,
    or with ``cut_long`` cut to it (the row says so).
    """
    text_columns = [i for i, target in enumerate(targets) if target == TEXT]
    kind_columns = [i for i, target in enumerate(targets) if target == KIND]
    theme_columns = [i for i, target in enumerate(targets) if target == THEME]
    date_columns = [i for i, target in enumerate(targets) if target == DATE]
    seen = {normalise(text) for text in existing_texts}
    in_file: set[str] = set()
    create, rejected = [], []
    numbers = parsed.numbers or range(2, len(parsed.rows) + 2)
    for number, row in zip(numbers, parsed.rows, strict=True):
        text = _join_text([row[i] for i in text_columns])
        cut_from = len(text) if cut_long and len(text) > MAX_TEXT else 0
        text = cut_to_limit(text) if cut_from else text
        kind = kind_from_value(row[kind_columns[0]], default_kind) if kind_columns else default_kind
        themes = [" ".join(row[i].split())[:100] for i in theme_columns if row[i].strip()]
        said_on = date_from_value(row[date_columns[0]]) if date_columns else None
        planned = PlannedRow(number=number, text=text, kind=kind, themes=themes, said_on=said_on, cut_from=cut_from)
        key = normalise(text)
        if not key:
            planned.reason = EMPTY
        elif len(text) > MAX_TEXT:
            planned.reason = TOO_LONG
        elif key in seen:
            planned.reason = DUPLICATE
        elif key in in_file:
            planned.reason = DUPLICATE_IN_FILE
        else:
            in_file.add(key)
            planned.warnings = personal_data_warnings(text)
            if planned.warnings and not include_flagged:
                planned.reason = PERSONAL
        (rejected if planned.reason else create).append(planned)
    return Plan(create=create, rejected=rejected)
