"""What equipment is free in a slot, and what a loan asks for and gets.

Free = owned − units out of service (damage not yet repaired) − units granted
to approved loans overlapping the slot (portable items travel between rooms).
Plugged into the request engine as its equipment hooks (see apps.py).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Sum
from django.db.models.functions import Coalesce

from reservations.availability import Shortfall
from reservations.models import BLOCKING_STATES, ServiceRequest

from .models import DamageReport, Equipment, LoanEquipment


def free_quantities(
    resource_id: int, start: dt.datetime, end: dt.datetime, *, exclude_pk: int | None = None
) -> dict[int, int]:
    """Units of each item a loan of the room may ask for that are free in the slot (3 queries)."""
    owned = dict(Equipment.objects.lendable(resource_id).values_list("pk", "quantity"))
    out = dict(
        DamageReport.objects.unrepaired()
        .filter(equipment__in=owned)
        .values("equipment")
        .annotate(n=Sum("quantity"))
        .values_list("equipment", "n")
    )
    lent_lines = LoanEquipment.objects.filter(
        equipment__in=owned,
        request__state__in=BLOCKING_STATES,
        request__start__lt=end,
        request__end__gt=start,
    )
    if exclude_pk is not None:
        lent_lines = lent_lines.exclude(request_id=exclude_pk)
    lent = dict(
        lent_lines.values("equipment")
        .annotate(n=Sum(Coalesce("quantity_granted", "quantity")))
        .values_list("equipment", "n")
    )
    return {pk: max(0, qty - out.get(pk, 0) - lent.get(pk, 0)) for pk, qty in owned.items()}


def shortfall_for(
    resource_id: int, start, end, wanted: dict[int, int], *, exclude_pk=None
) -> list[Shortfall]:
    free = free_quantities(resource_id, start, end, exclude_pk=exclude_pk)
    names = dict(Equipment.objects.filter(pk__in=wanted).values_list("pk", "name"))
    return [
        Shortfall(names.get(pk, "?"), qty, free.get(pk, 0))
        for pk, qty in sorted(wanted.items(), key=lambda item: names.get(item[0], ""))
        if qty > free.get(pk, 0)
    ]


class LoanEquipmentHooks:
    """The request engine's view of the meeting room's inventory."""

    def ask_for(self, service_request: ServiceRequest, wanted: dict[int, int]) -> None:
        items = Equipment.objects.lendable(service_request.resource_id).in_bulk(list(wanted))
        for pk, quantity in wanted.items():
            if not quantity:
                continue
            item = items.get(pk)
            if item is None or not 0 < quantity <= item.quantity:
                raise ValueError(f"cannot ask for {quantity} of equipment {pk}")
            LoanEquipment.objects.create(request=service_request, equipment=item, quantity=quantity)

    def _wanted(self, service_request: ServiceRequest) -> dict[int, int]:
        return dict(service_request.equipment_lines.values_list("equipment_id", "quantity"))

    def shortfall(self, service_request: ServiceRequest) -> list[Shortfall]:
        wanted = self._wanted(service_request)
        if not wanted:
            return []
        return shortfall_for(
            service_request.resource_id,
            service_request.start,
            service_request.end,
            wanted,
            exclude_pk=service_request.pk,
        )

    def grant(self, service_request: ServiceRequest) -> None:
        lines = list(service_request.equipment_lines.all())
        if not lines:
            return
        free = free_quantities(
            service_request.resource_id,
            service_request.start,
            service_request.end,
            exclude_pk=service_request.pk,
        )
        for line in lines:
            line.quantity_granted = min(line.quantity, free.get(line.equipment_id, 0))
        LoanEquipment.objects.bulk_update(lines, ["quantity_granted"])


def out_of_service(equipment_ids) -> dict[int, int]:
    return dict(
        DamageReport.objects.unrepaired()
        .filter(equipment__in=equipment_ids)
        .values("equipment")
        .annotate(n=Sum("quantity"))
        .values_list("equipment", "n")
    )
