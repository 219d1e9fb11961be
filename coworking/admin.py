from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Desk, Reservation, ReservationEvent


@admin.register(Desk)
class DeskAdmin(admin.ModelAdmin):
    list_display = ["number", "zone", "has_locker", "locker", "has_computer", "is_active"]
    list_editable = ["zone", "has_locker", "locker", "has_computer", "is_active"]
    list_filter = ["is_active", "zone", "has_locker"]
    search_fields = ["number", "zone", "locker"]
    fieldsets = [
        (None, {"fields": ["number", "zone", "is_active"]}),
        (_("Facilities"), {"fields": ["has_locker", "locker", "has_computer"]}),
        (_("Place on the room map"), {"fields": ["map_row", "map_column"]}),
    ]


class EventInline(admin.TabularInline):
    model = ReservationEvent
    fields = ["at", "from_status", "to_status", "actor", "role", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Reservation)
class ReservationAdmin(admin.ModelAdmin):
    """Read-only: every change of a reservation goes through the front-desk pages, which
    record who made it."""

    list_display = [
        "day",
        "start",
        "end",
        "desk",
        "name",
        "status",
        "walk_in",
        "checked_in_at",
        "checked_out_at",
        "auto_closed",
        "left_tidy",
    ]
    list_filter = ["status", "walk_in", "auto_closed", "left_tidy", "desk__zone"]
    list_select_related = ["desk"]
    date_hierarchy = "day"
    search_fields = ["name", "email", "phone", "institution", "code"]
    inlines = [EventInline]
    exclude = ["manage_token"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Reservation._meta.fields if f.name != "manage_token"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
