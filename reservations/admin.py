from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Closure, Holiday, Notification, OpeningHours, ServicePolicy


@admin.register(OpeningHours)
class OpeningHoursAdmin(admin.ModelAdmin):
    list_display = ["weekday", "is_open", "opens", "closes"]
    list_editable = ["is_open", "opens", "closes"]


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "name", "kind", "active", "imported"]
    list_filter = ["kind", "active", "imported"]
    list_editable = ["active"]
    date_hierarchy = "date"
    search_fields = ["name"]


@admin.register(Closure)
class ClosureAdmin(admin.ModelAdmin):
    list_display = ["start_date", "end_date", "service", "reason"]
    list_filter = ["service"]
    date_hierarchy = "start_date"


@admin.register(ServicePolicy)
class ServicePolicyAdmin(admin.ModelAdmin):
    list_display = ["service", "lead_days", "max_minutes"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "to", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status"]
    search_fields = ["to", "subject"]
    readonly_fields = [f.name for f in Notification._meta.fields]
    actions = ["retry"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Send the selected emails again"))
    def retry(self, request, queryset):
        from .notifications import deliver

        queryset.filter(status="failed").update(status="pending", attempts=0)
        sent = sum(deliver(pk) for pk in queryset.values_list("pk", flat=True))
        self.message_user(request, _("%(count)d email(s) sent.") % {"count": sent})


from . import request_admin  # noqa: E402,F401  (requests, leadership blockings, rooms)
