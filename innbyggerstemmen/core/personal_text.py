"""Spot text that looks like it contains personal data. Insights and live-meeting posts are kept without it.

These are warnings, not blocks: a street name can look like a person's name.
"""
import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
# Norwegian numbers: eight digits, optionally grouped and with +47/0047 in front.
# Spaces within a line only: a number at the end of one pasted line and the start of the next is not a phone.
PHONE = re.compile(r"(?<![\d+])(?:(?:\+|00)47[ \t.-]?)?(?:\d[ \t.-]?){7}\d(?!\d)")
# Two or more capitalised words in a row on one line, like "Kari Nordmann" (not "…Tønsberg\nFlere…").
NAME = re.compile(r"\b[A-ZÆØÅ][a-zæøåéèü]+(?:-[A-ZÆØÅ][a-zæøåéèü]+)?[ \t]+[A-ZÆØÅ][a-zæøåéèü]+\b")

CHECKS = [
    (EMAIL, _("an e-mail address")),
    (PHONE, _("a phone number")),
    (NAME, _("a person's name")),
]


@dataclass(frozen=True)
class FlaggedLine:
    number: int  # as pasted, counting empty lines, from 1
    text: str
    warnings: list[str]


def personal_data_lines(text: str) -> list[FlaggedLine]:
    """The lines of a pasted list that seem to contain personal data, so the page can say which."""
    flagged = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if warnings := personal_data_warnings(line):
            flagged.append(FlaggedLine(number=number, text=line.strip(), warnings=warnings))
    return flagged


def personal_data_warnings(text: str) -> list[str]:
    """What the text seems to contain, e.g. ["a phone number"]; empty when nothing was found."""
    text = text or ""
    found = []
    for pattern, label in CHECKS:
        if pattern.search(text):
            found.append(str(label))
    return found
