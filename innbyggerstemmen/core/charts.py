"""Accessible charts drawn on the server as SVG.

Each chart is an <svg role="img"> with a <title> and a <desc> that says what
it shows in words; every bar carries its number as text, so nothing is told by
colour alone. The page shows a data table beside each chart.
"""
from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import mark_safe

ROW_HEIGHT = 28
LABEL_WIDTH = 210
BAR_WIDTH = 300
VALUE_GAP = 6
# Wide enough for any digit, space or "%" at 13 px (Inter and the system fonts): the value written
# after the longest bar must fit inside the picture, not be cut at its edge.
CHAR_WIDTH = 8.5
FONT = 'font-family="Inter, system-ui, sans-serif" font-size="13"'


def _truncate(text: str, length: int = 30) -> str:
    text = str(text)
    return text if len(text) <= length else text[: length - 1] + "…"


def bar_chart(*, chart_id: str, title: str, description: str, rows: list[dict], unit: str = "") -> str:
    """Horizontal bars: rows are dicts with "label" and "count" (and optionally "percent")."""
    maximum = max((row["count"] for row in rows), default=0) or 1
    values = [str(row["count"]) + (f" ({row['percent']} %)" if "percent" in row else "") + unit for row in rows]
    value_width = VALUE_GAP + round(CHAR_WIDTH * max((len(value) for value in values), default=0)) + VALUE_GAP
    width = LABEL_WIDTH + BAR_WIDTH + value_width
    height = ROW_HEIGHT * max(len(rows), 1) + 8
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" aria-labelledby="{chart_id}-title {chart_id}-desc" {FONT}>',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    for i, (row, value) in enumerate(zip(rows, values, strict=True)):
        y = i * ROW_HEIGHT + 4
        bar = round(BAR_WIDTH * row["count"] / maximum)
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 17}" text-anchor="end" fill="#1e2b3c">'
            f"{escape(_truncate(row['label']))}</text>"
        )
        parts.append(
            f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{max(bar, 1)}" height="{ROW_HEIGHT - 8}" '
            f'fill="#0062ba" class="chart__bar"></rect>'
        )
        parts.append(f'<text x="{LABEL_WIDTH + bar + VALUE_GAP}" y="{y + 17}" fill="#1e2b3c">{escape(value)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # nosec B308 B703 - every label and value above is escaped


def line_chart(
    *, chart_id: str, title: str, description: str, points: list[dict], y_min: float = 1, y_max: float = 5
) -> str:
    """Points (with "label" and "value") joined by a line on a fixed scale, each value written beside it."""
    width, height, left, right, top, bottom = 560, 240, 40, 20, 16, 48
    plot_w, plot_h = width - left - right, height - top - bottom
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" aria-labelledby="{chart_id}-title {chart_id}-desc" {FONT}>',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    steps = int(y_max - y_min)
    for i in range(steps + 1):
        value = y_min + i
        y = top + plot_h - plot_h * i / steps
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#d0d5dd"></line>')
        parts.append(f'<text x="{left - 8}" y="{y + 4:.1f}" text-anchor="end" fill="#1e2b3c">{value:g}</text>')
    coordinates = []
    count = len(points)
    for i, point in enumerate(points):
        x = left + (plot_w * (i + 0.5) / count if count else 0)
        y = top + plot_h - plot_h * (point["value"] - y_min) / (y_max - y_min)
        coordinates.append((x, y, point))
    if len(coordinates) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _p in coordinates)
        parts.append(f'<polyline points="{path}" fill="none" stroke="#0062ba" stroke-width="2"></polyline>')
    for x, y, point in coordinates:
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="#0062ba"></circle>')
        parts.append(
            f'<text x="{x:.1f}" y="{y - 10:.1f}" text-anchor="middle" fill="#1e2b3c">{point["value"]:.1f}</text>'
        )
        parts.append(
            f'<text x="{x:.1f}" y="{height - bottom + 20}" text-anchor="middle" fill="#1e2b3c">'
            f"{escape(_truncate(point['label'], 16))}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # nosec B308 B703 - every label and value above is escaped


__all__ = ["bar_chart", "line_chart"]
