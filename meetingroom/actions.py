"""Damage to equipment (SOP 001: damage must be reported and repaired): reported → repaired."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from reservations.errors import RequestRefused
from reservations.roles import Role, has_role

from .equipment import out_of_service
from .models import DamageReport, Equipment

REPORTING_ROLES = (Role.ADMIN, Role.KASI)
REPAIRING_ROLES = (Role.ADMIN,)


@transaction.atomic
def report_damage(
    *,
    actor,
    equipment: Equipment | int,
    description: str,
    quantity: int = 1,
    service_request=None,
    now: dt.datetime | None = None,
) -> DamageReport:
    """Staff report a damaged item; its units are out of service until repaired."""
    if not has_role(actor, *REPORTING_ROLES):
        raise RequestRefused("wrong_role", role=Role.ADMIN.label)
    # Two reports of the same item at once must not take more units out of
    # service than exist: the item's row serialises them.
    item = Equipment.objects.select_for_update().get(pk=getattr(equipment, "pk", equipment))
    available = item.quantity - out_of_service([item.pk]).get(item.pk, 0)
    if not 0 < quantity <= available:
        raise RequestRefused("damage_quantity", available=available, item=item.name)
    if not description.strip():
        raise RequestRefused("reason_required")
    return DamageReport.objects.create(
        equipment=item,
        quantity=quantity,
        description=description.strip(),
        request=service_request,
        reported_at=now or timezone.now(),
        reported_by=actor,
    )


@transaction.atomic
def mark_repaired(
    *, actor, report: DamageReport | int, note: str = "", now: dt.datetime | None = None
) -> DamageReport:
    """The item is back in service."""
    if not has_role(actor, *REPAIRING_ROLES):
        raise RequestRefused("wrong_role", role=Role.ADMIN.label)
    report = DamageReport.objects.select_for_update().get(pk=getattr(report, "pk", report))
    if report.repaired_at is not None:
        raise RequestRefused("already_repaired")
    report.repaired_at = max(now or timezone.now(), report.reported_at)
    report.repaired_by = actor
    report.repair_note = note.strip()
    report.save(update_fields=["repaired_at", "repaired_by", "repair_note"])
    return report
