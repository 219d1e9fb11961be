"""The IKM of PermenPANRB No. 14 Tahun 2017: the worked example of REFERENCE.md, exactly."""

import datetime as dt
from decimal import Decimal

import pytest

from reports import ikm
from reports.models import SurveyAnswer, SurveyResponse

# counts of answers scored 1/2/3/4 per element, 20 questionnaires
EXAMPLE = {
    "U1": (0, 0, 10, 10),
    "U2": (0, 2, 10, 8),
    "U3": (0, 3, 12, 5),
    "U4": (0, 0, 0, 20),
    "U5": (0, 1, 10, 9),
    "U6": (0, 0, 9, 11),
    "U7": (0, 0, 6, 14),
    "U8": (0, 2, 11, 7),
    "U9": (1, 3, 11, 5),
}


def example_sums():
    return {
        code: sum(score * n for score, n in zip((1, 2, 3, 4), counts, strict=False))
        for code, counts in EXAMPLE.items()
    }


def test_worked_example_with_the_printed_weight_gives_85_47_grade_b(settings):
    settings.PONTIVE = {**settings.PONTIVE, "IKM_WEIGHT": "0.111"}
    result = ikm.compute(example_sums(), 20)
    assert [e.nrr for e in result.elements] == [
        Decimal(x) for x in ("3.50", "3.30", "3.10", "4.00", "3.40", "3.55", "3.70", "3.25", "3.00")
    ]
    assert result.unit == Decimal("85.47")
    assert result.grade == "B"
    assert result.weakest.code == "U9"
    assert result.weakest.unit == Decimal("75.00")


def test_worked_example_with_exactly_one_ninth_gives_85_56(settings):
    settings.PONTIVE = {**settings.PONTIVE, "IKM_WEIGHT": "1/9"}
    result = ikm.compute(example_sums(), 20)
    assert result.unit == Decimal("85.56")
    assert result.grade == "B"
    assert result.weight == "1/9"


@pytest.mark.parametrize(
    "unit, grade",
    [
        ("88.31", "A"),
        ("88.30", "B"),
        ("76.61", "B"),
        ("76.60", "C"),
        ("65.00", "C"),
        ("64.99", "D"),
    ],
)
def test_grades_follow_the_regulations_intervals(unit, grade):
    assert ikm.grade_of(Decimal(unit))[0] == grade


@pytest.mark.parametrize(
    "population, sample",
    [(100, 80), (500, 217), (1000, 278), (2000, 322), (5000, 357), (10000, 370), (1_000_000, 384)],
)
def test_krejcie_morgan_targets(population, sample):
    assert ikm.sample_size(population) == sample


def test_a_misconfigured_weight_stops_the_computation(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.PONTIVE = {**settings.PONTIVE, "IKM_WEIGHT": "nine"}
    with pytest.raises(ImproperlyConfigured):
        ikm.compute(example_sums(), 20)


@pytest.mark.django_db
def test_stored_answers_reproduce_the_example_per_service_and_period(settings):
    """Answers stored by element code, read back per service and period, give 85,47."""
    settings.PONTIVE = {**settings.PONTIVE, "IKM_WEIGHT": "0.111"}
    day = dt.date(2026, 10, 15)
    # Questionnaire i gives element U the score of the i-th of its 20 answers.
    columns = {
        code: [score for score, n in zip((1, 2, 3, 4), counts, strict=False) for _ in range(n)]
        for code, counts in EXAMPLE.items()
    }
    for i in range(20):
        response = SurveyResponse.objects.create(
            ballot=f"b{i}",
            service="visit",
            service_date=day,
            submitted_on=day,
            sex="P",
            age=30,
            education="D4-S1",
            occupation="swasta",
        )
        SurveyAnswer.objects.bulk_create(
            SurveyAnswer(response=response, element=code, score=columns[code][i])
            for code in columns
        )
    # An answer about another service and one of another month do not count.
    for service, when in (("coworking", day), ("visit", dt.date(2026, 11, 2))):
        other = SurveyResponse.objects.create(
            ballot=f"x{service}{when}",
            service=service,
            service_date=when,
            submitted_on=when,
            sex="L",
            age=20,
            education="SMA",
            occupation="pelajar",
        )
        SurveyAnswer.objects.bulk_create(
            SurveyAnswer(response=other, element=code, score=1) for code in EXAMPLE
        )
    result = ikm.for_period(dt.date(2026, 10, 1), dt.date(2026, 10, 31), "visit")
    assert result.respondents == 20
    assert result.unit == Decimal("85.47")
    assert result.grade == "B"
