"""The meeting room's equipment: an inventory with quantities, what each loan asks for, damage."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reservations.models import Resource, ServiceRequest


class EquipmentQuerySet(models.QuerySet):
    def lendable(self, resource_id: int):
        """What a loan of the room may ask for: its own items and the portable ones."""
        return self.filter(
            Q(resource_id=resource_id) | Q(resource__isnull=True), active=True, lendable=True
        )


class Equipment(models.Model):
    """A kind of item in a room or area (projector, TV, chairs), with how many there are."""

    resource = models.ForeignKey(
        Resource,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="equipment",
        verbose_name=_("room or area"),
        help_text=_("Empty: portable, shared by every room, lent to one loan at a time."),
    )
    name = models.CharField(_("name"), max_length=100)
    quantity = models.PositiveSmallIntegerField(_("quantity owned"), default=1)
    lendable = models.BooleanField(
        _("can be asked for"),
        default=True,
        help_text=_("Untick for fixed installations (AC, lights) that are not asked for."),
    )
    active = models.BooleanField(_("in use"), default=True)
    notes = models.CharField(_("notes"), max_length=200, blank=True)

    objects = EquipmentQuerySet.as_manager()

    class Meta:
        ordering = ["resource", "name"]
        verbose_name = _("equipment")
        verbose_name_plural = _("equipment")
        constraints = [
            models.UniqueConstraint(fields=["resource", "name"], name="equipment_unique_per_room")
        ]

    def __str__(self):
        return self.name


class LoanEquipment(models.Model):
    """How many of an item a loan asks for and, once the slot is held, how many it gets."""

    request = models.ForeignKey(
        ServiceRequest, on_delete=models.CASCADE, related_name="equipment_lines"
    )
    equipment = models.ForeignKey(Equipment, on_delete=models.PROTECT, related_name="loan_lines")
    quantity = models.PositiveSmallIntegerField(_("asked for"))
    quantity_granted = models.PositiveSmallIntegerField(_("granted"), null=True, blank=True)

    class Meta:
        ordering = ["equipment__name"]
        verbose_name = _("equipment asked for")
        verbose_name_plural = _("equipment asked for")
        constraints = [
            models.UniqueConstraint(
                fields=["request", "equipment"], name="loan_equipment_once_per_request"
            ),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="loan_equipment_positive"),
        ]

    def __str__(self):
        return f"{self.quantity} × {self.equipment}"


class DamageReportQuerySet(models.QuerySet):
    def unrepaired(self):
        return self.filter(repaired_at__isnull=True)

    def for_list(self):
        return self.select_related("equipment__resource", "reported_by", "repaired_by")


class DamageReport(models.Model):
    """Damage to an item (SOP 001: damage must be reported and repaired): reported → repaired."""

    equipment = models.ForeignKey(
        Equipment, on_delete=models.PROTECT, related_name="damage_reports", verbose_name=_("item")
    )
    quantity = models.PositiveSmallIntegerField(_("units out of service"), default=1)
    description = models.TextField(_("what is damaged"))
    request = models.ForeignKey(
        ServiceRequest,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="damage_reports",
        verbose_name=_("during the loan"),
    )
    reported_at = models.DateTimeField(_("reported at"), db_index=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reported by"),
    )
    repaired_at = models.DateTimeField(_("repaired at"), null=True, blank=True, db_index=True)
    repaired_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("repaired by"),
    )
    repair_note = models.TextField(_("how it was repaired"), blank=True)

    objects = DamageReportQuerySet.as_manager()

    class Meta:
        ordering = ["-reported_at"]
        verbose_name = _("damage report")
        verbose_name_plural = _("damage reports")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="damage_quantity_positive"),
            models.CheckConstraint(
                condition=Q(repaired_at__isnull=True) | Q(repaired_at__gte=models.F("reported_at")),
                name="damage_repaired_after_reported",
            ),
        ]

    def __str__(self):
        return f"{self.equipment}: {self.description[:40]}"

    @property
    def is_repaired(self) -> bool:
        return self.repaired_at is not None
