"""Dates in the active language's own formats (settings.FORMAT_MODULE_PATH), never a format written for one language."""
from django import template
from django.template.defaultfilters import date

register = template.Library()


@register.filter(expects_localtime=True)
def weekday_datetime(value) -> str:
    """"torsdag 10. juni 2027 18:00" / "Thursday 10 June 2027, 18:00"."""
    if not value:
        return ""
    return f'{date(value, "l")} {date(value, "DATETIME_FORMAT")}'
