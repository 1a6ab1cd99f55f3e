"""Population figures: the national team imports a published population table as CSV, and a target group
without a figure of its own is set against it (the figures are read in selectors.population_size).

The table is Statistics Norway's 07459 ("Befolkning, etter region, kjønn, alder og år") as its download
gives it – one row per municipality, age (and sex) and year, e.g. ``"3803 Tønsberg";"013 13 år";"2025";"412"``
– or any CSV with those columns. Rows for the same municipality, age and year (the sexes) are added up.
A file either imports whole or changes nothing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from innbyggerstemmen.core.csv_files import ImportFileError, read_upload

from .models import PopulationFigure, ReachAge

# One year of the whole country by single age is about 38,000 rows (357 municipalities × 106 ages), 1.3 MB:
# within the upload limit every form has (core.csv_files.MAX_BYTES, and the proxy's request limit).
MAX_ROWS = 100_000
PROBLEMS_SHOWN = 5

# Column headings (lower case) as Statistics Norway and people write them.
MUNICIPALITY_HEADINGS = ("region", "kommune", "municipality", "kommunenavn")
AGE_HEADINGS = ("alder", "age")
YEAR_HEADINGS = ("år", "year", "tid", "aar")
COUNT_HEADINGS = ("personer", "befolkning", "antall", "folketall", "count", "population", "value", "verdi")

# Who a target group is, in years of age; adults have no upper bound.
AGE_RANGES = {ReachAge.YOUTH: (13, 18), ReachAge.ADULTS: (19, None), ReachAge.EVERYONE: (0, None)}

_NUMBER = re.compile(r"\d+")
_MUNICIPALITY = re.compile(r"^\s*(?:K-)?(\d{4})\s+(.+?)\s*$")


@dataclass
class PopulationImport:
    figures: int = 0
    municipalities: int = 0
    years: list[int] = field(default_factory=list)


def _column(headings: list[str], names: tuple[str, ...]) -> int | None:
    lowered = [heading.lower() for heading in headings]
    for index, heading in enumerate(lowered):
        if any(name in heading.split() for name in names):  # a whole word: "region", "07459: befolkning"
            return index
    return None


def _columns(headings: list[str]) -> tuple[int, int, int, int]:
    municipality, age, year = (
        _column(headings, names) for names in (MUNICIPALITY_HEADINGS, AGE_HEADINGS, YEAR_HEADINGS)
    )
    count = _column(headings, COUNT_HEADINGS)
    if count is None:  # Statistics Norway names the figure's column after the table ("07459: Befolkning")
        count = len(headings) - 1
    missing = [
        label
        for label, index in (
            (_("municipality (region)"), municipality), (_("age (alder)"), age), (_("year (år)"), year)
        )
        if index is None
    ]
    if missing:
        raise ImportFileError(
            _("The file needs a column for %(columns)s. Download the table as CSV with the region, age and year.")
            % {"columns": ", ".join(missing)}
        )
    return municipality, age, year, count


def _municipality(value: str) -> tuple[str, str]:
    """("3803", "Tønsberg") from "3803 Tønsberg"; ("", "Tønsberg") from "Tønsberg"."""
    if match := _MUNICIPALITY.match(value):
        return match.group(1), match.group(2)
    return "", " ".join(value.split())


def _whole_number(value: str) -> int | None:
    digits = value.replace("\xa0", "").replace(" ", "")
    return int(digits) if digits.isdigit() else None


def _age(value: str) -> int | None:
    """13 from "13 år", "013 13 år" (code and label) or "13"; 105 from "105 år eller eldre"."""
    numbers = _NUMBER.findall(value)
    return int(numbers[-1]) if numbers and int(numbers[-1]) <= 130 else None


def population_import(*, name: str, size: int, raw: bytes) -> PopulationImport:
    """Read the file and replace the figures of each municipality and year it holds; ImportFileError
    (for the user) and nothing changed when a row cannot be read."""
    _decoded, parsed = read_upload(name=name, size=size, raw=raw, max_rows=MAX_ROWS)
    municipality_at, age_at, year_at, count_at = _columns(parsed.headings)
    totals: dict[tuple[str, int, int], int] = {}
    numbers: dict[str, str] = {}
    problems = []
    for line, row in zip(parsed.numbers, parsed.rows, strict=True):
        number, municipality = _municipality(row[municipality_at])
        age, year, count = _age(row[age_at]), _whole_number(row[year_at]), row[count_at].strip()
        if count in {".", "..", ":", "-"}:  # Statistics Norway's marks for a figure not given
            continue
        people = _whole_number(count)
        if not municipality or age is None or year is None or not 1900 <= year <= 2200 or people is None:
            problems.append(str(line))
            continue
        key = (municipality, year, age)
        totals[key] = totals.get(key, 0) + people
        numbers[municipality] = number or numbers.get(municipality, "")
    if problems:
        raise ImportFileError(
            _("Nothing was imported: rows %(rows)s do not have a municipality, an age, a year and a number of people.")
            % {"rows": ", ".join(problems[:PROBLEMS_SHOWN]) + (" …" if len(problems) > PROBLEMS_SHOWN else "")}
        )
    if not totals:
        raise ImportFileError(_("Nothing was imported: the file has no figures."))
    pairs = {(municipality, year) for municipality, year, _age in totals}
    with transaction.atomic():
        for municipality, year in pairs:
            PopulationFigure.objects.filter(municipality=municipality, year=year).delete()
        PopulationFigure.objects.bulk_create(
            [
                PopulationFigure(
                    municipality=municipality, municipality_number=numbers[municipality],
                    age=age, year=year, count=people,
                )
                for (municipality, year, age), people in totals.items()
            ],
            batch_size=5000,
        )
    return PopulationImport(
        figures=len(totals),
        municipalities=len({municipality for municipality, _year in pairs}),
        years=sorted({year for _municipality, year in pairs}),
    )


def municipality_names(text: str) -> list[str]:
    """The municipalities an initiative names: "Tønsberg", "Tønsberg kommune", "Tønsberg og Færder"."""
    parts = re.split(r",|/|\bog\b|\bi\b|&", text, flags=re.IGNORECASE)
    names = [re.sub(r"\s+kommune$", "", " ".join(part.split()), flags=re.IGNORECASE) for part in parts]
    return [name for name in names if name]
