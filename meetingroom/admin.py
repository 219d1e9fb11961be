"""The inventory and its damage reports, in the admin (SOP 001: report damage, repair it)."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _

from reservations.errors import RequestRefused

from . import actions
from .models import DamageReport, Equipment


@admin.register(Equipment)
class EquipmentAdmin(admin.ModelAdmin):
    list_display = ["name", "place", "quantity", "out_of_service", "lendable", "active"]
    list_filter = ["resource", "lendable", "active"]
    list_select_related = ["resource"]
    search_fields = ["name"]

    def has_delete_permission(self, request, obj=None):
        return False  # loans and damage reports refer to it: untick "in use" instead

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                broken=Sum(
                    "damage_reports__quantity",
                    filter=Q(damage_reports__repaired_at__isnull=True),
                    default=0,
                )
            )
        )

    @admin.display(description=_("room or area"), ordering="resource__name")
    def place(self, obj):
        return obj.resource.name if obj.resource else _("portable")

    @admin.display(description=_("out of service"), ordering="broken")
    def out_of_service(self, obj):
        return obj.broken


class ReportForm(forms.ModelForm):
    class Meta:
        model = DamageReport
        fields = ["equipment", "quantity", "description", "request"]


class RepairForm(forms.ModelForm):
    repaired = forms.BooleanField(label=_("It is repaired and back in service"), required=True)

    class Meta:
        model = DamageReport
        fields = ["repair_note"]


@admin.register(DamageReport)
class DamageReportAdmin(admin.ModelAdmin):
    """A report is entered once (report_damage) and closed once (mark_repaired)."""

    list_display = ["reported_at", "equipment", "quantity", "description", "status", "reported_by"]
    list_filter = [("repaired_at", admin.EmptyFieldListFilter), "equipment__resource"]
    date_hierarchy = "reported_at"
    raw_id_fields = ["request"]

    def get_queryset(self, request):
        return super().get_queryset(request).for_list()

    @admin.display(description=_("status"), ordering="repaired_at")
    def status(self, obj):
        if obj.repaired_at:
            return _("repaired on %(date)s") % {"date": obj.repaired_at.strftime("%d-%m-%Y")}
        return _("reported, not repaired yet")

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.repaired_at is not None:
            return False
        return super().has_change_permission(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = RepairForm if obj is not None else ReportForm
        kwargs["fields"] = (
            ["repair_note", "repaired"]
            if obj is not None
            else ["equipment", "quantity", "description", "request"]
        )
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["equipment", "quantity", "description", "request"]
        return ["equipment", "quantity", "description", "reported_at", "repair_note", "repaired"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["equipment", "quantity", "description", "reported_at"]

    def save_model(self, request, obj, form, change):
        try:
            if change:
                saved = actions.mark_repaired(
                    actor=request.user, report=obj.pk, note=form.cleaned_data["repair_note"]
                )
            else:
                saved = actions.report_damage(
                    actor=request.user,
                    equipment=form.cleaned_data["equipment"],
                    quantity=form.cleaned_data["quantity"],
                    description=form.cleaned_data["description"],
                    service_request=form.cleaned_data.get("request"),
                )
        except RequestRefused as refused:
            messages.error(request, refused.message)
            raise _Refused(refused) from None
        obj.pk = saved.pk
        obj._state.adding = False

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except _Refused:
            from django.shortcuts import redirect

            return redirect(request.path)


class _Refused(Exception):
    pass
