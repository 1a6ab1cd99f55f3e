"""Spot text that looks like it contains personal data. Insights are stored without it.

These are warnings, not blocks: a street name can look like a person's name.
"""
import re

from django.utils.translation import gettext_lazy as _

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
# Norwegian numbers: eight digits, optionally grouped and with +47/0047 in front.
PHONE = re.compile(r"(?<![\d+])(?:(?:\+|00)47[\s.-]?)?(?:\d[\s.-]?){7}\d(?!\d)")
# Two or more capitalised words in a row, like "Kari Nordmann".
NAME = re.compile(r"\b[A-ZÆØÅ][a-zæøåéèü]+(?:-[A-ZÆØÅ][a-zæøåéèü]+)?\s+[A-ZÆØÅ][a-zæøåéèü]+\b")

CHECKS = [
    (EMAIL, _("an e-mail address")),
    (PHONE, _("a phone number")),
    (NAME, _("a person's name")),
]


def personal_data_warnings(text: str) -> list[str]:
    """What the text seems to contain, e.g. ["a phone number"]; empty when nothing was found."""
    text = text or ""
    found = []
    for pattern, label in CHECKS:
        if pattern.search(text):
            found.append(str(label))
    return found
