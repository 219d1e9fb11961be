"""A report as data (sections, figures, tables, charts), and its three renderings: PDF, XLSX, CSV.

Each report builder in ``reports.content`` returns a ``Report``; the renderers
here know nothing about co-working or loans. Long lists (a month of sessions)
are ``listing`` tables: in the PDF they print as fixed-width lines on landscape
pages, because WeasyPrint lays out one text line per row about ten times faster
than a table cell per value (bench/recap_pdf.py measures it).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .periods import Period

# The letterhead of the office (kop surat), as printed on its letters.
LETTERHEAD = {
    "government": "PEMERINTAH KOTA PONTIANAK",
    "office": "DINAS KOMUNIKASI DAN INFORMATIKA",
    "address": "Jalan Rahadi Osman No. 3 Telp. (0561) 8181771 Fax. (0561) 733041 Pontianak 78111",
    "contact": "Website: www.diskominfo.pontianak.go.id  E-mail: diskominfo@pontianak.go.id",
}


BAND = 5  # rows per shaded band in a listing


@dataclass
class Column:
    label: str
    width: int = 10  # characters in a listing, relative width in a table
    numeric: bool = False


@dataclass
class Table:
    title: str
    columns: list[Column]
    rows: list[list[Any]]
    footer: list[Any] | None = None
    listing: bool = False
    empty: str = ""
    preview_rows: int = 200  # the page shows this many; the files hold all
    rendered: SafeString = mark_safe("")  # a listing's lines, set just before the PDF

    @property
    def preview(self) -> list[list[Any]]:
        return self.rows[: self.preview_rows]

    @property
    def cut(self) -> int:
        return max(0, len(self.rows) - self.preview_rows)


@dataclass
class Figure:
    label: str
    value: Any
    note: str = ""


@dataclass
class Section:
    title: str
    paragraphs: list[str] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    charts: list[SafeString] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


@dataclass
class Signature:
    heading: str  # "Diperiksa oleh," / "Mengetahui,"
    position: str  # "Kepala Seksi PK&AI"
    name: str
    note: str = ""  # "Diteruskan pada 02-12-2026"


@dataclass
class Report:
    key: str
    title: str
    period: Period
    sections: list[Section]
    subtitle: str = ""
    version: str = ""
    status: str = ""
    signatures: list[Signature] = field(default_factory=list)
    personal_data: bool = False
    made_at: dt.datetime = field(default_factory=timezone.now)

    @property
    def filename_stem(self) -> str:
        stem = f"{self.key}-{self.period.slug}"
        return f"{stem}-{slugify(self.version)}" if self.version else stem

    @property
    def row_count(self) -> int:
        return sum(len(t.rows) for s in self.sections for t in s.tables)

    @property
    def figures(self) -> list[Figure]:
        return [f for s in self.sections for f in s.figures]


# ---------------------------------------------------------------- values as people read them


def show(value: Any) -> str:
    """A value as the page and the PDF print it (Indonesian numbers, dates, times)."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int):
        return number_format(value, force_grouping=True)
    if isinstance(value, Decimal):
        places = max(0, -value.as_tuple().exponent) if value.is_finite() else 0
        return number_format(value, places, force_grouping=True)
    if isinstance(value, float):
        return number_format(value, 2, force_grouping=True)
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value)
        return f"{date_format(value, 'SHORT_DATE_FORMAT')} {value:%H.%M}"
    if isinstance(value, dt.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, dt.time):
        return f"{value:%H.%M}"
    return str(value)


def raw(value: Any) -> Any:
    """A value as a spreadsheet or a CSV file stores it (numbers stay numbers)."""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return value


# What a spreadsheet program runs as a formula when a cell begins with it (OWASP, "CSV
# injection"): =, +, -, @, and a tab, carriage return or line feed before one of them.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
# Characters an XLSX file cannot hold at all (openpyxl refuses the whole workbook).
_NOT_IN_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def starts_like_formula(text: str) -> bool:
    return text.lstrip(" ")[:1] in FORMULA_START


def csv_text(text: str) -> str:
    """Text as a CSV cell must hold it: one that a spreadsheet would run gets a leading
    apostrophe, which spreadsheet programs read as "this is text" (OWASP's advice)."""
    return "'" + text if starts_like_formula(text) else text


def csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat(timespec="minutes") if isinstance(value, dt.time) else str(value)
    if isinstance(value, int | float | Decimal):
        return str(value)  # a number, even a negative one, stays a number
    return csv_text(str(value))


# ---------------------------------------------------------------- PDF


def listing_lines(table: Table) -> SafeString:
    """The rows of a listing as fixed-width lines; long values wrap inside their column."""
    shown = [[show(v) for v in row] for row in table.rows]
    # Each column as wide as its longest value (at most its set width): fewer blanks, fewer
    # glyphs for WeasyPrint to place, and a narrower line on paper.
    widths = [
        min(c.width, max([len(c.label)] + [len(r[i]) for r in shown])) or 1
        for i, c in enumerate(table.columns)
    ]
    numeric = [c.numeric for c in table.columns]

    def line(values: list[str]) -> str:
        cells = [
            textwrap.wrap(v, w, break_long_words=True, break_on_hyphens=False) or [""]
            for v, w in zip(values, widths, strict=True)
        ]
        height = max(len(c) for c in cells)
        out = []
        for i in range(height):
            parts = []
            for cell, w, num in zip(cells, widths, numeric, strict=True):
                text = cell[i] if i < len(cell) else ""
                parts.append(text.rjust(w) if num else text.ljust(w))
            out.append("  ".join(parts).rstrip())
        return escape("\n".join(out))

    head = line([c.label for c in table.columns])
    lines = [line(row) for row in shown]
    # Rows in bands of five, shaded alternately: easy to follow across a wide page, and one
    # block per band instead of per row keeps WeasyPrint's layout short.
    body = "".join(
        "<p>" + "\n".join(lines[i : i + BAND]) + "</p>" for i in range(0, len(lines), BAND)
    )
    return mark_safe(f'<p class="listing-head">{head}</p><div class="listing-body">{body}</div>')


def render_html_for_pdf(report: Report) -> str:
    for section in report.sections:
        for table in section.tables:
            if table.listing and table.rows:
                table.rendered = listing_lines(table)
    return render_to_string(
        "reports/pdf/report.html",
        {
            "report": report,
            "letterhead": LETTERHEAD,
            "place_date": _("Pontianak, %(date)s")
            % {"date": date_format(timezone.localdate(report.made_at), "DATE_FORMAT")},
        },
    )


def render_pdf(report: Report, progress: Callable[[int, str], None] | None = None) -> bytes:
    import weasyprint

    def step(percent: int, stage: str) -> None:
        if progress:
            progress(percent, stage)

    step(20, _("Setting the pages"))
    html = render_html_for_pdf(report)
    document = weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).render()
    step(75, _("Writing the PDF"))
    pdf = document.write_pdf()
    step(100, _("Ready"))
    return pdf


# ---------------------------------------------------------------- XLSX


def _sheet_title(title: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]\*\?/\\:]", " ", title).strip()[:28] or "Sheet"
    name, n = base, 2
    while name.lower() in used:
        name = f"{base[:25]} ({n})"
        n += 1
    used.add(name.lower())
    return name


def render_xlsx(report: Report) -> bytes:
    """A workbook: a summary sheet with the key figures, then one sheet per table."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    bold = Font(bold=True)
    book = Workbook(write_only=True)
    used: set[str] = set()
    summary = book.create_sheet(_sheet_title(_("Summary"), used))

    def cell(sheet, value, *, bold_font=False):
        """Every value of the workbook passes here: text is stored as text, never as a
        formula, whoever typed it (a citizen's institution, an event's title)."""
        value = raw(value)
        if isinstance(value, str | Promise):
            value = _NOT_IN_XLSX.sub("", str(value))
        written = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            written.data_type = "s"  # openpyxl would store "=…" as a formula
            if starts_like_formula(value):
                written.quotePrefix = True  # what Excel sets when one types '=…
        if bold_font:
            written.font = bold
        return written

    def row(sheet, values, *, bold_font=False):
        sheet.append([cell(sheet, v, bold_font=bold_font) for v in values])

    row(summary, [report.title], bold_font=True)
    row(summary, [_("Period"), report.period.label])
    if report.version:
        row(summary, [_("Version"), report.version])
    if report.status:
        row(summary, [_("Status"), report.status])
    row(summary, [_("Made at"), report.made_at])
    for section in report.sections:
        if section.figures:
            summary.append([])
            row(summary, [section.title], bold_font=True)
            for figure in section.figures:
                row(summary, [figure.label, figure.value, figure.note or None])
    for section in report.sections:
        for table in section.tables:
            sheet = book.create_sheet(_sheet_title(table.title, used))
            row(sheet, [table.title], bold_font=True)
            row(sheet, [c.label for c in table.columns], bold_font=True)
            for values in table.rows:
                row(sheet, values)
            if table.footer:
                row(sheet, table.footer, bold_font=True)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------- CSV


def render_csv(report: Report) -> bytes:
    """One file: the title and key figures, then every table under its own title line."""
    buffer = io.StringIO()
    out = csv.writer(buffer)

    def writerow(values):
        # Every value of the file passes through csv_value: typed text is never a formula.
        out.writerow([csv_value(v) for v in values])

    writerow([report.title])
    writerow([_("Period"), report.period.label])
    if report.version:
        writerow([_("Version"), report.version])
    for section in report.sections:
        for figure in section.figures:
            writerow([figure.label, figure.value])
    for section in report.sections:
        for table in section.tables:
            out.writerow([])
            writerow([table.title])
            writerow([c.label for c in table.columns])
            for row in table.rows:
                writerow(row)
            if table.footer:
                writerow(table.footer)
    # A byte-order mark so that spreadsheet programs read the file as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


FORMATS = {
    "pdf": ("application/pdf", render_pdf),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        render_xlsx,
    ),
    "csv": ("text/csv; charset=utf-8", render_csv),
}
