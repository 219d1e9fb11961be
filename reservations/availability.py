"""Whether a room is free: approved bookings, leadership blockings, equipment, the month view.

An approved booking (confirmed or scheduled) holds its slot; a leadership
blocking ("jadwal pimpinan mendadak") holds every room it names. Requests still
travelling the chain hold nothing, but staff see them as clashes.
"""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Protocol

from django.utils import timezone

from . import calendar, dates
from .errors import RequestRefused
from .models import BLOCKING_STATES, LeadershipBlock, Resource, ServiceRequest
from .officetime import CalendarWindow

# ---------------------------------------------------------------- clashes


def approved_clash(
    resource_id: int, start: dt.datetime, end: dt.datetime, *, exclude_pk: int | None = None
) -> ServiceRequest | None:
    """The earliest approved booking of the room that overlaps the slot, if any."""
    clashes = ServiceRequest.objects.blocking().overlapping(resource_id, start, end)
    if exclude_pk is not None:
        clashes = clashes.exclude(pk=exclude_pk)
    return clashes.order_by("start").first()


def leadership_clash(resource_id: int, start: dt.datetime, end: dt.datetime):
    return LeadershipBlock.objects.overlapping(resource_id, start, end).order_by("start").first()


def pending_clashes(service_request: ServiceRequest) -> list[ServiceRequest]:
    """Other requests for an overlapping time that are still open (earliest submitted first),
    each with ``earlier``: whether it was submitted before this one."""
    others = list(
        ServiceRequest.objects.open()
        .overlapping(service_request.resource_id, service_request.start, service_request.end)
        .exclude(pk=service_request.pk)
        .order_by("created_at", "pk")
    )
    mine = (service_request.created_at, service_request.pk)
    for other in others:
        other.earlier = (other.created_at, other.pk) < mine
    return others


def _slot_text(resource: Resource, start: dt.datetime, end: dt.datetime) -> dict:
    return {
        "resource": resource.name,
        "start": dates.long_datetime(start),
        "end": dates.clock(end),
    }


def slot_problem(
    service: str,
    resource: Resource,
    start: dt.datetime,
    end: dt.datetime,
    *,
    exclude_pk: int | None = None,
    override_lead_time: bool = False,
    now: dt.datetime | None = None,
) -> RequestRefused | None:
    """Why the slot cannot be held for a request, or None when it can.

    The calendar's rules first (hours, holidays, lead time), then the room:
    approved bookings and leadership blockings.
    """
    verdict = calendar.check_slot(
        service, start, end, now=now, override_lead_time=override_lead_time
    )
    if not verdict.ok:
        return RequestRefused("slot_invalid", reason=verdict.reason, slot_code=verdict.code)
    block = leadership_clash(resource.pk, start, end)
    if block is not None:
        return RequestRefused(
            "blocked", reason=block.reason, **_slot_text(resource, block.start, block.end)
        )
    clash = approved_clash(resource.pk, start, end, exclude_pk=exclude_pk)
    if clash is not None:
        return RequestRefused(
            "slot_taken",
            institution=clash.institution,
            clash_pk=clash.pk,
            **_slot_text(resource, clash.start, clash.end),
        )
    return None


# ---------------------------------------------------------------- equipment


@dataclass(frozen=True)
class Shortfall:
    name: str
    wanted: int
    free: int


class EquipmentHooks(Protocol):
    def ask_for(self, service_request: ServiceRequest, wanted: dict[int, int]) -> None: ...

    def shortfall(self, service_request: ServiceRequest) -> list[Shortfall]: ...

    def grant(self, service_request: ServiceRequest) -> None: ...


_equipment_hooks: dict[str, EquipmentHooks] = {}


def register_equipment(service: str, hooks: EquipmentHooks) -> None:
    """A service whose requests borrow equipment (the meeting room) plugs in its inventory."""
    _equipment_hooks[service] = hooks


def equipment_shortfall(service_request: ServiceRequest) -> list[Shortfall]:
    hooks = _equipment_hooks.get(service_request.service)
    return hooks.shortfall(service_request) if hooks else []


def grant_equipment(service_request: ServiceRequest) -> None:
    hooks = _equipment_hooks.get(service_request.service)
    if hooks:
        hooks.grant(service_request)


# ---------------------------------------------------------------- month view


@dataclass
class DayCell:
    date: dt.date
    in_month: bool
    status: str = "free"  # free | partly | full | closed | past
    reason: str = ""
    taken: list[tuple[dt.datetime, dt.datetime]] = field(default_factory=list)

    @property
    def bookable(self) -> bool:
        return self.in_month and self.status in ("free", "partly")


def month_view(service: str, resource: Resource, year: int, month: int, *, now=None) -> list:
    """Weeks (Monday first) of day cells saying whether the room is free, in five queries."""
    now = now or timezone.now()
    first = dt.date(year, month, 1)
    weeks = pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    window = CalendarWindow(weeks[0][0], weeks[-1][-1], service)
    earliest = calendar.earliest_bookable_date(service, now)
    span_start = timezone.make_aware(dt.datetime.combine(weeks[0][0], dt.time.min))
    span_end = timezone.make_aware(dt.datetime.combine(weeks[-1][-1], dt.time.max))
    taken: dict[dt.date, list] = defaultdict(list)
    for start, end in (
        ServiceRequest.objects.filter(resource=resource, state__in=BLOCKING_STATES)
        .overlapping(resource.pk, span_start, span_end)
        .values_list("start", "end")
    ):
        taken[timezone.localdate(start)].append((start, end))
    for start, end in LeadershipBlock.objects.overlapping(
        resource.pk, span_start, span_end
    ).values_list("start", "end"):
        day = max(timezone.localdate(start), weeks[0][0])
        while day <= min(timezone.localdate(end), weeks[-1][-1]):
            taken[day].append((start, end))
            day += dt.timedelta(days=1)

    rows = []
    for week in weeks:
        row = []
        for day in week:
            cell = DayCell(day, day.month == first.month)
            off = window.day_off(day)
            opening = window.opening(day)
            if off is not None:
                cell.status, cell.reason = "closed", off.name
            elif day < earliest:
                cell.status = "past"
            elif taken.get(day) and opening:
                cell.taken = sorted(
                    (timezone.localtime(max(s, opening[0])), timezone.localtime(min(e, opening[1])))
                    for s, e in taken[day]
                    if min(e, opening[1]) > max(s, opening[0])
                )
                busy = _covered_minutes(cell.taken)
                whole = (opening[1] - opening[0]).total_seconds() // 60
                cell.status = "full" if busy >= whole else ("partly" if cell.taken else "free")
            row.append(cell)
        rows.append(row)
    return rows


def _covered_minutes(spans) -> float:
    total, cursor = 0.0, None
    for start, end in sorted(spans):
        if cursor is None or start > cursor:
            total += (end - start).total_seconds() / 60
            cursor = end
        elif end > cursor:
            total += (end - cursor).total_seconds() / 60
            cursor = end
    return total


def resource_for(service: str) -> Resource | None:
    """The room or area a service books (the first open one)."""
    return Resource.objects.filter(service=service, active=True).order_by("pk").first()
