"""Reading a CSV file a user uploads (an idea wall, a population table): the encodings Norwegian spreadsheet
programs write, comma or semicolon, blank rows skipped but counted, and limits checked while reading so a
hostile file costs no more than the limits. Messages are for the user."""
from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
MAX_COLUMNS = 50
MAX_CELL = 20000


class ImportFileError(ValueError):
    """A file that cannot be imported; the message is for the user."""


@dataclass
class ParsedFile:
    headings: list[str]
    rows: list[list[str]]  # each as long as headings
    delimiter: str
    numbers: list[int] = field(default_factory=list)  # each row's line in the file (as the spreadsheet shows it)


def fingerprint(content: str) -> str:
    """The same file gives the same fingerprint, whatever its line endings."""
    normalised = content.replace("\r\n", "\n").replace("\r", "\n").strip()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


# What Norwegian spreadsheet programs save as CSV, tried in this order. UTF-16 only with its byte
# order mark (Excel's "Unicode text"); Windows-1252 last: it reads almost any bytes, and is what
# Norwegian Excel's "CSV (semikolonseparert)" writes.
ENCODINGS = [
    ("utf-8-sig", _("UTF-8")),
    ("utf-16", _("UTF-16")),
    ("cp1252", _("Windows-1252 (Excel “CSV (semicolon separated)”)")),
]


@dataclass
class DecodedFile:
    text: str
    encoding: str  # the codec name, stored with the import


def encoding_label(codec: str) -> str:
    return str(dict(ENCODINGS).get(codec, codec))


def decode(raw: bytes) -> DecodedFile:
    """The file's text: UTF-8 with or without a byte order mark, UTF-16 with one, or Windows-1252."""
    for codec, _label in ENCODINGS:
        if codec == "utf-16" and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return DecodedFile(text=text, encoding=codec)
    raise ImportFileError(
        _("The file could not be read as CSV. Export it again as CSV (in Excel: “CSV UTF-8”).")
    )


def detect_delimiter(text: str) -> str:
    """Comma or semicolon, whichever the heading line uses more (outside quotes)."""
    first_line = next(iter(text.splitlines()), "")
    unquoted = re.sub(r'"[^"]*"', "", first_line)
    return ";" if unquoted.count(";") > unquoted.count(",") else ","


def parse(text: str, delimiter: str | None = None, *, max_rows: int = MAX_ROWS) -> ParsedFile:
    """The headings and the non-blank rows of a CSV text, each row with its number in the file.

    Read row by row and stopped at the first limit (columns, rows, cell size), so a hostile
    file costs no more than the limits.
    """
    delimiter = delimiter or detect_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    headings, rows, numbers = None, [], []
    try:
        for number, record in enumerate(reader, start=1):
            if len(record) > MAX_COLUMNS:
                raise ImportFileError(
                    _("Row %(row)s has %(count)s columns; at most %(max)s can be imported. Remove the columns you do not need.")
                    % {"row": number, "count": len(record), "max": MAX_COLUMNS}
                )
            if any(len(cell) > MAX_CELL for cell in record):
                raise ImportFileError(
                    _("A cell in row %(row)s is longer than %(max)s characters.") % {"row": number, "max": MAX_CELL}
                )
            if not any(cell.strip() for cell in record):
                continue  # blank rows are skipped, but still counted, so row numbers match the spreadsheet
            if headings is None:
                # The first line that is not blank holds the column headings.
                headings = [" ".join(cell.split()) for cell in record]
                continue
            row = (record + [""] * len(headings))[: len(headings)]
            if not any(cell.strip() for cell in row):
                continue
            if len(rows) == max_rows:
                raise ImportFileError(
                    _("The file has more than %(max)s rows. Split it into smaller files.") % {"max": max_rows}
                )
            rows.append(row)
            numbers.append(number)
    except csv.Error:
        raise ImportFileError(_("The file could not be read as CSV.")) from None
    if headings is None:
        raise ImportFileError(_("The file is empty."))
    if not rows:
        raise ImportFileError(_("The file has column headings but no rows to import."))
    return ParsedFile(headings=headings, rows=rows, delimiter=delimiter, numbers=numbers)


def read_upload(
    *, name: str, size: int, raw: bytes, max_bytes: int = MAX_BYTES, max_rows: int = MAX_ROWS
) -> tuple[DecodedFile, ParsedFile]:
    """Check an uploaded file and return its text and parsed rows, or raise ImportFileError."""
    if not name.lower().endswith(".csv"):
        raise ImportFileError(_("Choose a CSV file (a file name ending in .csv)."))
    if size > max_bytes:
        raise ImportFileError(_("The file is larger than %(mb)s MB.") % {"mb": max_bytes // (1024 * 1024)})
    decoded = decode(raw)
    return decoded, parse(decoded.text, max_rows=max_rows)


