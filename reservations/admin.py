from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import AuditEvent, Closure, Holiday, Notification, OpeningHours, ServicePolicy
from .twofactor import remove as remove_two_factor


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
    """That an email was sent, to whom and when; never what it said.

    Bodies carry bearer links (a citizen's personal-data link, survey links, the
    manage link of a reservation): whoever reads one can act as its recipient. So
    no page shows a body or an attachment, to anyone, superusers included.
    """

    list_display = ["created_at", "to", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status"]
    search_fields = ["to", "subject"]
    fields = ["to", "subject", "status", "attempts", "last_error", "created_at", "sent_at"]
    readonly_fields = fields
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


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only for everyone, superusers included: the log is evidence."""

    list_display = ["at", "kind", "actor", "actor_roles", "target", "detail", "ip"]
    list_filter = ["kind"]
    search_fields = ["actor", "target"]
    date_hierarchy = "at"
    list_select_related = False
    show_full_result_count = False

    def get_actions(self, request):
        return {}

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# Two-factor devices: the admin can see who has an app and remove a lost one, but
# never sees or sets a secret (the person scans their own QR code).
admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "confirmed", "created_at", "last_used_at"]
    list_filter = ["confirmed"]
    search_fields = ["user__username"]
    fields = ["user", "name", "confirmed", "created_at", "last_used_at"]
    readonly_fields = fields
    list_select_related = ["user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        remove_two_factor(request, user=obj.user, by_admin=True)

    def delete_queryset(self, request, queryset):
        for user in {device.user for device in queryset.select_related("user")}:
            remove_two_factor(request, user=user, by_admin=True)


from . import request_admin  # noqa: E402,F401  (requests, leadership blockings, rooms)
