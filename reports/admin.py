"""The reports app in the Django admin: complaints from every channel, recaps to look up.

Changes go through the actions (answering on /laporan/aduan/, the recap chain on its page),
so these pages only add a complaint that came by email, social media or in person, and show.
"""

from django.contrib import admin

from . import actions
from .models import Complaint, MonthlyRecap


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin):
    list_display = ["created_at", "code", "service", "channel", "name", "status", "answered_at"]
    list_filter = ["status", "service", "channel"]
    search_fields = ["code", "name", "email", "message"]
    date_hierarchy = "received_on"
    fields = ["service", "channel", "name", "email", "phone", "message"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return [*self.fields, "code", "status", "answer", "answered_by", "answered_at"]

    def get_fields(self, request, obj=None):
        return self.get_readonly_fields(request, obj) if obj else self.fields

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        # A complaint is filed through the action, which numbers it and tells the admins.
        filed = actions.file_complaint(
            service=obj.service,
            name=obj.name,
            email=obj.email,
            phone=obj.phone,
            message=obj.message,
            channel=obj.channel,
        )
        obj.pk, obj.code = filed.pk, filed.code


@admin.register(MonthlyRecap)
class MonthlyRecapAdmin(admin.ModelAdmin):
    list_display = [
        "month",
        "state",
        "current_version",
        "submitted_at",
        "forwarded_at",
        "acknowledged_at",
    ]
    list_filter = ["state"]
    list_select_related = ["current_version"]
    readonly_fields = [
        "month",
        "state",
        "current_version",
        "submitted_at",
        "submitted_by",
        "forwarded_at",
        "forwarded_by",
        "acknowledged_at",
        "acknowledged_by",
    ]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
