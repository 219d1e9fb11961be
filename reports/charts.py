"""Charts drawn on the server as SVG: the same markup goes into the PDF and the dashboard.

No JavaScript is needed anywhere (WeasyPrint draws SVG itself), and only
presentation attributes are used, never ``style``, so the page's content
security policy lets them through.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

PALETTE = ["#0b4f8a", "#f0a202", "#2a9d8f", "#c44536"]
FONT = "DejaVu Sans, Arial, sans-serif"


def _fmt(value) -> str:
    if isinstance(value, float | Decimal):
        return number_format(value, 1)
    return number_format(value)


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return value


def bar_chart(
    labels: Sequence[str],
    values: Sequence[float | int | Decimal],
    *,
    title: str,
    width: int = 720,
    height: int = 220,
    color: str = PALETTE[0],
    show_values: bool = True,
    max_value: float | None = None,
) -> SafeString:
    """Vertical bars, one per label; labels are thinned out when there are many."""
    n = max(len(values), 1)
    left, right, top, bottom = 36, 8, 22, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    top_value = max_value or _nice_max(float(max(values, default=0) or 0))
    slot = plot_w / n
    bar_w = max(1.0, slot * 0.7)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}" '
        f'font-family="{FONT}" class="chart">',
        f"<title>{escape(title)}</title>",
        f'<text x="{left}" y="14" font-size="12" font-weight="bold" fill="#222">'
        f"{escape(title)}</text>",
    ]
    for fraction in (0, 0.5, 1):
        y = top + plot_h * (1 - fraction)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" '
            f'stroke="#ccc" stroke-width="0.6"/>'
            f'<text x="{left - 4}" y="{y + 3:.1f}" font-size="9" text-anchor="end" fill="#555">'
            f"{_fmt(top_value * fraction)}</text>"
        )
    every = max(1, round(n / 16))
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        h = plot_h * float(value or 0) / top_value if top_value else 0
        x = left + i * slot + (slot - bar_w) / 2
        y = top + plot_h - h
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" fill="{color}">'
            f"<title>{escape(label)}: {_fmt(value)}</title></rect>"
        )
        if show_values and value and n <= 31:
            parts.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{y - 2:.1f}" font-size="8" '
                f'text-anchor="middle" fill="#222">{_fmt(value)}</text>'
            )
        if i % every == 0:
            parts.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{height - bottom + 12}" font-size="9" '
                f'text-anchor="middle" fill="#333">{escape(label)}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def hbar_chart(
    labels: Sequence[str],
    values: Sequence[float | int | Decimal],
    *,
    title: str,
    width: int = 720,
    max_value: float = 100,
    color: str = PALETTE[2],
    marks: Sequence[float] = (),
) -> SafeString:
    """Horizontal bars (one per element), with optional vertical marks such as grade limits."""
    row_h, top, left, right = 18, 24, 210, 50
    height = top + row_h * len(values) + 8
    plot_w = width - left - right
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}" '
        f'font-family="{FONT}" class="chart">',
        f"<title>{escape(title)}</title>",
        f'<text x="0" y="14" font-size="12" font-weight="bold" fill="#222">{escape(title)}</text>',
    ]
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = top + i * row_h
        w = plot_w * float(value or 0) / max_value if max_value else 0
        parts.append(
            f'<text x="{left - 6}" y="{y + 12}" font-size="9" text-anchor="end" fill="#333">'
            f"{escape(label)}</text>"
            f'<rect x="{left}" y="{y + 3}" width="{w:.1f}" height="{row_h - 6}" fill="{color}"/>'
            f'<text x="{left + w + 4:.1f}" y="{y + 12}" font-size="9" fill="#222">'
            f"{_fmt(value)}</text>"
        )
    for mark in marks:
        x = left + plot_w * float(mark) / max_value
        parts.append(
            f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{height - 6}" stroke="#c44536" '
            f'stroke-width="0.8" stroke-dasharray="3,2"/>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))
