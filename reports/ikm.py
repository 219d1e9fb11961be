"""The Indeks Kepuasan Masyarakat of PermenPANRB No. 14 Tahun 2017, computed exactly.

NRR of an element = sum of its scores ÷ number of completed questionnaires;
IKM = Σ NRR × weight; the unit value (25–100) = IKM × 25, graded A–D. Every
step is Decimal (or exact for the weight 1/9) and only the final figures are
rounded to two decimals, so the regulation's worked example comes out as
printed: 85,47 with the weight 0,111 and 85,56 with exactly 1/9.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count, Sum
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from .models import Element, SurveyAnswer, SurveyResponse

TWO_PLACES = Decimal("0.01")
ELEMENTS = list(Element.values)

# (lowest unit value, grade, performance) from the regulation's table.
GRADES = [
    (Decimal("88.31"), "A", _("Very good (Sangat Baik)")),
    (Decimal("76.61"), "B", _("Good (Baik)")),
    (Decimal("65.00"), "C", _("Poor (Kurang Baik)")),
    (Decimal("25.00"), "D", _("Bad (Tidak Baik)")),
]


# The two weights the settings accept (read and checked at start, pontive/settings.py).
WEIGHTS = {"0.111": Fraction(111, 1000), "1/9": Fraction(1, 9)}


def weight() -> Fraction:
    """The weight of each element: the regulation's printed 0,111, or exactly 1/9 (setting)."""
    raw = str(settings.PONTIVE.get("IKM_WEIGHT", "0.111")).strip()
    try:
        return WEIGHTS[raw]
    except KeyError:
        raise ImproperlyConfigured(
            f"PONTIVE_IKM_WEIGHT must be 0.111 or 1/9, not {raw!r}"
        ) from None


def _dec(value: Fraction) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = 40
        return Decimal(value.numerator) / Decimal(value.denominator)


def _round(value: Fraction) -> Decimal:
    return _dec(value).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def grade_of(unit_value: Decimal) -> tuple[str, str]:
    for lowest, grade, label in GRADES:
        if unit_value >= lowest:
            return grade, str(label)
    return "D", str(GRADES[-1][2])


@dataclass(frozen=True)
class ElementResult:
    code: str
    label: str
    total: int
    nrr: Decimal  # rounded for display; the IKM uses the exact value
    weighted: Decimal
    unit: Decimal  # NRR × 25


@dataclass(frozen=True)
class IKMResult:
    respondents: int
    elements: list[ElementResult]
    ikm: Decimal | None  # Σ NRR × weight, 4 decimals
    unit: Decimal | None  # IKM × 25, 2 decimals
    grade: str
    grade_label: str
    weight: str

    @property
    def weakest(self) -> ElementResult | None:
        if not self.respondents:
            return None
        return min(self.elements, key=lambda e: (e.unit, e.code))


def compute(sums: Mapping[str, int], respondents: int) -> IKMResult:
    """The IKM of ``respondents`` questionnaires whose scores per element add up to ``sums``."""
    w = weight()
    weight_label = "1/9" if w == Fraction(1, 9) else number_format(_dec(w).normalize())
    if respondents <= 0:
        return IKMResult(
            0,
            [
                ElementResult(code, str(Element(code).label), 0, Decimal(0), Decimal(0), Decimal(0))
                for code in ELEMENTS
            ],
            None,
            None,
            "",
            "",
            weight_label,
        )
    elements = []
    ikm = Fraction(0)
    for code in ELEMENTS:
        total = int(sums.get(code, 0))
        nrr = Fraction(total, respondents)
        ikm += nrr * w
        elements.append(
            ElementResult(
                code=code,
                label=str(Element(code).label),
                total=total,
                nrr=_round(nrr),
                weighted=_dec(nrr * w).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP),
                unit=_round(nrr * 25),
            )
        )
    unit = _round(ikm * 25)
    grade, label = grade_of(unit)
    return IKMResult(
        respondents=respondents,
        elements=elements,
        ikm=_dec(ikm).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP),
        unit=unit,
        grade=grade,
        grade_label=label,
        weight=weight_label,
    )


def for_period(start_date, end_date, service: str | None = None) -> IKMResult:
    """The IKM of the answers about services delivered in a period (one query per figure)."""
    responses = SurveyResponse.objects.in_period(start_date, end_date, service)
    respondents = responses.count()
    rows = (
        SurveyAnswer.objects.filter(response__in=responses)
        .values("element")
        .annotate(total=Sum("score"), n=Count("id"))
    )
    return compute({row["element"]: row["total"] for row in rows}, respondents)


def sample_size(population: int) -> int:
    """Krejcie–Morgan: the respondents a population needs (χ² = 3,841, P = 0,5, d = 0,05)."""
    if population <= 0:
        return 0
    chi2, p, d = Decimal("3.841"), Decimal("0.5"), Decimal("0.05")
    s = chi2 * population * p * (1 - p) / (d * d * (population - 1) + chi2 * p * (1 - p))
    return min(population, int(s.quantize(Decimal(1), rounding=ROUND_HALF_UP)))
