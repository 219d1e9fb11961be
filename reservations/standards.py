"""The SOP's standard times (Mutu Baku): how long each step took, and how often it met its time.

Each staff step is recorded with the office minutes the request waited in its
inbox (nights, weekends and holidays do not count) and the standard of that
step, so the figures below are one grouped query.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q
from django.utils import timezone

from . import workflow
from .models import RequestTransition, ServiceRequest
from .officetime import CalendarWindow


@dataclass(frozen=True)
class StepCompliance:
    step: str  # receive | register | dispose_kabid | dispose_kasi | confirm | schedule
    label: str
    role: str
    standard_minutes: int | None  # None when the services differ (the meeting room's agenda entry)
    met: int
    total: int

    @property
    def rate(self) -> Decimal | None:
        """Share of the steps that met the standard, in percent (2 decimals), or None."""
        if not self.total:
            return None
        return (Decimal(self.met) * 100 / Decimal(self.total)).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )


def _bounds(start_date: dt.date, end_date: dt.date) -> tuple[dt.datetime, dt.datetime]:
    first = timezone.make_aware(dt.datetime.combine(start_date, dt.time.min))
    after = timezone.make_aware(dt.datetime.combine(end_date + dt.timedelta(days=1), dt.time.min))
    return first, after


def step_compliance(
    start_date: dt.date, end_date: dt.date, service: str | None = None
) -> list[StepCompliance]:
    """Per SOP step, how many steps taken from ``start_date`` to ``end_date`` (inclusive, local
    dates) met their standard time, and how many were taken; in SOP order, every step listed.

    ``service``: "visit" or "meetingroom"; None counts both.
    """
    first, after = _bounds(start_date, end_date)
    rows = RequestTransition.objects.filter(
        standard_minutes__isnull=False, at__gte=first, at__lt=after
    )
    if service:
        rows = rows.filter(request__service=service)
    counts: dict[str, list[int]] = {step: [0, 0] for step in workflow.STEP_ORDER}
    for row in rows.values("from_state").annotate(
        total=Count("pk"), met=Count("pk", filter=Q(office_minutes__lte=F("standard_minutes")))
    ):
        step = workflow.SOP_STEPS.get(row["from_state"])
        if step:
            counts[step[0]][0] += row["met"]
            counts[step[0]][1] += row["total"]
    labels = {}
    for state, (step, label) in workflow.SOP_STEPS.items():
        labels.setdefault(step, (label, workflow.STAFF_INBOXES[state]))
    services = [service] if service else list(workflow.STANDARD_MINUTES)
    result = []
    for step in workflow.STEP_ORDER:
        standards = {workflow.STANDARD_MINUTES[s][step] for s in services}
        label, role = labels[step]
        result.append(
            StepCompliance(
                step=step,
                label=str(label),
                role=role,
                standard_minutes=standards.pop() if len(standards) == 1 else None,
                met=counts[step][0],
                total=counts[step][1],
            )
        )
    return result


@dataclass(frozen=True)
class StepTime:
    """One step of one request, as its page shows it."""

    label: str
    role: str
    at: dt.datetime | None
    office_minutes: int | None
    standard_minutes: int | None
    waiting: bool = False  # the step the request waits for now

    @property
    def met(self) -> bool | None:
        if self.office_minutes is None or self.standard_minutes is None:
            return None
        return self.office_minutes <= self.standard_minutes


def step_times(req: ServiceRequest, history, *, now: dt.datetime | None = None) -> list[StepTime]:
    """Each measured step of ``req`` with its time against the standard, then the step it waits
    for now (counted up to ``now``)."""
    now = now or timezone.now()
    result = []
    for row in history:
        if row.standard_minutes is None:
            continue
        label, role = workflow.SOP_STEPS[row.from_state][1], row.role
        result.append(StepTime(str(label), role, row.at, row.office_minutes, row.standard_minutes))
    standard = workflow.standard_for(req.service, req.state)
    if standard is not None:
        waited = CalendarWindow(timezone.localdate(req.state_since), timezone.localdate(now))
        result.append(
            StepTime(
                str(workflow.SOP_STEPS[req.state][1]),
                workflow.STAFF_INBOXES[req.state],
                None,
                waited.office_minutes(req.state_since, now),
                standard,
                waiting=True,
            )
        )
    return result
