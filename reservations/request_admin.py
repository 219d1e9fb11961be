"""The office's side of requests, in the Django admin: each role's inbox and its steps.

The list opens on the requests waiting for the signed-in role, oldest first,
with the office time each has waited against the SOP standard and its clashes.
A request's page shows everything the step needs and one short form per step
the user's role may take; the forms call ``reservations.actions``. Requests are
never edited directly.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Q, Subquery
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import actions, availability, standards, workflow
from .dates import clock, long_date
from .disposition_sheet import render_sheet
from .errors import RequestRefused
from .models import (
    Disposition,
    Instruction,
    LeadershipBlock,
    Resource,
    Service,
    ServiceRequest,
)
from .models import RequestState as S
from .officetime import CalendarWindow
from .roles import Role, has_role
from .step_forms import STAFF_STEPS, DispositionForm
from .uploads import attachment_response

CHAIN_ROLES = tuple(Role.values)


def user_roles(user) -> list[str]:
    """The chain roles a user acts in; a superuser sees every inbox."""
    return [role for role in Role.values if has_role(user, role)]


def inbox_counts(user, *, now=None) -> list[tuple[str, str, int]]:
    """(role, label, count) for each role the user holds, in one query."""
    roles = user_roles(user)
    if not roles:
        return []
    counts = ServiceRequest.objects.inbox_counts(roles, now=now or timezone.now())
    return [(role, str(Role(role).label), counts[role]) for role in roles]


class InboxFilter(admin.SimpleListFilter):
    """Defaults to the requests waiting for the user's own roles."""

    title = gettext_lazy("inbox")
    parameter_name = "inbox"

    def lookups(self, request, model_admin):
        now = timezone.now()
        counts = ServiceRequest.objects.inbox_counts(Role.values, now=now)
        options = [
            (role, f"{Role(role).label} ({counts[role]})")
            for role in Role.values
            if role not in user_roles(request.user) or len(user_roles(request.user)) > 1
        ]
        options += [
            ("applicant", _("Waiting for the applicant")),
            ("open", _("All open requests")),
            ("all", _("Everything")),
        ]
        self._mine = sum(counts[role] for role in user_roles(request.user))
        return options

    def choices(self, changelist):
        mine = getattr(self, "_mine", 0)
        yield {
            "selected": self.value() is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": _("Waiting for me (%(count)s)") % {"count": mine},
        }
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == str(lookup),
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value, now = self.value(), timezone.now()
        if value is None:
            roles = user_roles(request.user)
            return queryset.waiting_for(*roles, now=now) if roles else queryset.none()
        if value in Role.values:
            return queryset.waiting_for(value, now=now)
        if value == "applicant":
            return queryset.filter(state__in=[S.RESCHEDULE_PROPOSED, S.EQUIPMENT_SHORT])
        if value == "open":
            return queryset.open()
        return queryset


class _LazyWindow:
    """One calendar window per list page, read on first use (a fixed number of queries)."""

    def __init__(self):
        self.window = None

    def minutes(self, since: dt.datetime, now: dt.datetime) -> int:
        if self.window is None:
            today = timezone.localdate(now)
            self.window = CalendarWindow(today - dt.timedelta(days=400), today)
        return self.window.office_minutes(since, now)


def _flags(obj) -> str:
    flags = []
    if getattr(obj, "blocked", False):
        flags.append(("danger", _("leadership needs the room")))
    if getattr(obj, "taken", False):
        flags.append(("danger", _("clash with an approved booking")))
    elif getattr(obj, "earlier_overlap", False):
        flags.append(("warning", _("an earlier request asks for the same time")))
    return flags


class ServiceRequestAdmin(admin.ModelAdmin):
    list_filter = [InboxFilter, "service", "state"]
    search_fields = ["code", "institution", "contact_name", "letter_number", "event_title"]
    date_hierarchy = "start"
    list_per_page = 50
    ordering = ["state_since", "pk"]
    show_full_result_count = False
    change_list_template = "admin/reservations/request_changelist.html"
    list_display_links = None  # the institution column links to the request's page itself

    # Requests come from the public forms and move only through the steps.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return has_role(request.user, *CHAIN_ROLES) and super().has_view_permission(request, obj)

    def get_queryset(self, request):
        others = ServiceRequest.objects.filter(
            resource=OuterRef("resource"), start__lt=OuterRef("end"), end__gt=OuterRef("start")
        ).exclude(pk=OuterRef("pk"))
        blocks = LeadershipBlock.objects.filter(
            Q(resource=OuterRef("resource")) | Q(resource__isnull=True),
            start__lt=OuterRef("end"),
            end__gt=OuterRef("start"),
        )
        due = Disposition.objects.filter(request=OuterRef("pk"), withdrawn_at__isnull=True)
        return (
            super()
            .get_queryset(request)
            .select_related("resource")
            .annotate(
                taken=Exists(others.blocking()),
                earlier_overlap=Exists(
                    others.open().filter(
                        Q(created_at__lt=OuterRef("created_at"))
                        | Q(created_at=OuterRef("created_at"), pk__lt=OuterRef("pk"))
                    )
                ),
                blocked=Exists(blocks),
                due_at=Subquery(due.order_by("-signed_at", "-pk").values("due_at")[:1]),
            )
        )

    def get_list_display(self, request):
        window, now = _LazyWindow(), timezone.now()

        @admin.display(description=gettext_lazy("waiting (office time)"), ordering="state_since")
        def waiting(obj):
            standard = workflow.standard_for(obj.service, obj.state)
            if standard is None and not (obj.state == S.SCHEDULED and obj.end <= now):
                return "—"
            minutes = window.minutes(obj.state_since, now)
            text = _duration(minutes)
            if standard is None:
                return text
            css = "ok" if minutes <= standard else "late"
            return format_html(
                '<span class="std-{}">{}</span> / {}', css, text, _duration(standard)
            )

        return ["institution_link", "service", "slot", "participants", "state", waiting, "notes"]

    @admin.display(description=gettext_lazy("institution"), ordering="institution")
    def institution_link(self, obj):
        url = reverse("admin:reservations_servicerequest_change", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.institution)

    @admin.display(description=gettext_lazy("time"), ordering="start")
    def slot(self, obj):
        return f"{long_date(obj.start)}, {clock(obj.start)}–{clock(obj.end)}"

    @admin.display(description=gettext_lazy("notes"))
    def notes(self, obj):
        parts = [
            format_html('<span class="badge text-bg-{} flag-{}">{}</span>', css, css, text)
            for css, text in _flags(obj)
        ]
        if getattr(obj, "due_at", None) and obj.state in (S.WITH_KABID, S.WITH_KASI):
            late = obj.due_at < timezone.now()
            parts.append(
                format_html(
                    '<span class="{}">{} {}</span>',
                    "std-late" if late else "",
                    _("deadline"),
                    f"{long_date(obj.due_at)} {clock(obj.due_at)}",
                )
            )
        return format_html(" ".join(["{}"] * len(parts)), *parts) if parts else ""

    # ------------------------------------------------------------ pages

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/step/<str:action>/",
                view(self.step_view),
                name="reservations_servicerequest_step",
            ),
            path(
                "<int:pk>/letter/",
                view(self.letter_view),
                name="reservations_servicerequest_letter",
            ),
            path(
                "<int:pk>/disposition-sheet/",
                view(self.sheet_view),
                name="reservations_servicerequest_sheet",
            ),
            path(
                "<int:pk>/photo/<int:photo_pk>/",
                view(self.photo_view),
                name="reservations_servicerequest_photo",
            ),
            path(
                "standards/",
                view(self.standards_view),
                name="reservations_servicerequest_standards",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra = {
            "inbox": inbox_counts(request.user),
            "standards_url": reverse("admin:reservations_servicerequest_standards"),
            "can_block": has_role(request.user, *actions.BLOCKING_ROLES),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra)

    def _get_request(self, request, pk) -> ServiceRequest:
        if not has_role(request.user, *CHAIN_ROLES):
            raise PermissionDenied
        return get_object_or_404(ServiceRequest.objects.select_related("resource"), pk=pk)

    def available_steps(self, req: ServiceRequest, user, now) -> list[str]:
        result = []
        for action in workflow.STAFF_STEPS_BY_STATE.get(req.state, []):
            if action not in STAFF_STEPS:
                continue
            roles = workflow.roles_for(action, req.state)
            if not any(role in Role.values and has_role(user, role) for role in roles):
                continue
            if action == "complete_request" and now < req.end:
                continue
            if action == "record_no_show" and now < req.start:
                continue
            if action == "cancel_request" and req.state == S.SCHEDULED and now >= req.start:
                continue
            if action == "withdraw_disposition":
                latest = actions.latest_disposition(req)
                if latest is None or latest.read_at is not None:
                    continue
            result.append(action)
        return result

    def make_form(self, action: str, req: ServiceRequest, data=None, files=None):
        step = STAFF_STEPS[action]
        kwargs = {"service_request": req, "prefix": action}
        if step.form is DispositionForm and action == "dispose_to_kasi":
            kwargs["previous"] = actions.latest_disposition(req)
        return step.form(data, files, **kwargs)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        req = self._get_request(request, object_id)
        if not self.has_view_permission(request, req):
            raise PermissionDenied
        now = timezone.now()
        actions.mark_disposition_read(service_request=req, actor=request.user, now=now)
        history = list(req.history.select_related("actor"))
        steps = [
            {"action": a, "step": STAFF_STEPS[a], "form": self.make_form(a, req)}
            for a in self.available_steps(req, request.user, now)
        ]
        lines = []
        if req.service == Service.MEETING_ROOM:
            from meetingroom.equipment import free_quantities

            free = free_quantities(req.resource_id, req.start, req.end, exclude_pk=req.pk)
            lines = [
                {"line": line, "free": free.get(line.equipment_id, 0)}
                for line in req.equipment_lines.select_related("equipment")
            ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"{req.get_service_display()}: {req.institution}",
            "subtitle": req.code,
            "req": req,
            "has_view_permission": True,
            "history": [
                {
                    "row": row,
                    "label": workflow.STEPS[row.action].label
                    if row.action in workflow.STEPS
                    else row.action,
                    "role": workflow.ROLE_LABELS.get(row.role, row.role),
                }
                for row in history
            ],
            "step_times": standards.step_times(req, history, now=now),
            "dispositions": _dispositions(req),
            "steps": steps,
            "taken": availability.approved_clash(
                req.resource_id, req.start, req.end, exclude_pk=req.pk
            ),
            "leadership": availability.leadership_clash(req.resource_id, req.start, req.end),
            "pending": availability.pending_clashes(req) if not req.is_final else [],
            "equipment_lines": lines,
            "photos": list(req.photos.all()),
            "inbox_role": workflow.INBOX.get(req.state, ""),
            "now": now,
        }
        return TemplateResponse(request, "admin/reservations/request_detail.html", context)

    def step_view(self, request, pk, action):
        if request.method not in ("GET", "POST"):
            return HttpResponseNotAllowed(["GET", "POST"])
        req = self._get_request(request, pk)
        if action not in STAFF_STEPS:
            raise Http404
        step = STAFF_STEPS[action]
        status = 200
        if request.method == "POST":
            form = self.make_form(action, req, request.POST, request.FILES)
            if form.is_valid():
                try:
                    step.call(service_request=req, actor=request.user, **form.kwargs())
                except RequestRefused as refused:
                    form.add_error(None, refused.message)
                    status = 403 if refused.code == "wrong_role" else 409
                else:
                    messages.success(
                        request,
                        _("%(step)s: done for %(institution)s.")
                        % {"step": step.button, "institution": req.institution},
                    )
                    if action == "record_event_report":
                        return redirect("admin:reservations_servicerequest_change", req.pk)
                    return redirect("admin:reservations_servicerequest_changelist")
            else:
                status = 400
        else:
            roles = (
                workflow.roles_for(action, req.state)
                if req.state in workflow.STEPS[action].sources
                else ()
            )
            if not any(role in Role.values and has_role(request.user, role) for role in roles):
                raise PermissionDenied
            form = self.make_form(action, req)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": step.button,
            "req": req,
            "form": form,
            "step": step,
            "action": action,
        }
        return TemplateResponse(
            request, "admin/reservations/step_form.html", context, status=status
        )

    def letter_view(self, request, pk):
        req = self._get_request(request, pk)
        if not req.letter:
            raise Http404
        return attachment_response(req.letter, f"surat-permohonan-{req.pk}.pdf", "application/pdf")

    def photo_view(self, request, pk, photo_pk):
        req = self._get_request(request, pk)
        photo = get_object_or_404(req.photos, pk=photo_pk)
        extension = photo.image.name.rsplit(".", 1)[-1]
        mime = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}.get(extension)
        if mime is None:
            raise Http404
        return attachment_response(photo.image, f"foto-{req.pk}-{photo.pk}.{extension}", mime)

    def sheet_view(self, request, pk):
        req = self._get_request(request, pk)
        response = HttpResponse(render_sheet(req), content_type="application/pdf")
        name = f"lembar-disposisi-{req.agenda_display.replace('/', '-') or req.pk}.pdf"
        response["Content-Disposition"] = f'inline; filename="{name}"'
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response

    def standards_view(self, request):
        if not has_role(request.user, *CHAIN_ROLES):
            raise PermissionDenied
        today = timezone.localdate()
        start = _date_or(request.GET.get("dari"), today.replace(day=1))
        end = _date_or(request.GET.get("sampai"), today)
        service = request.GET.get("layanan") or None
        if service not in (None, Service.VISIT, Service.MEETING_ROOM):
            service = None
        if end < start:
            start, end = end, start
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("How often each step met its standard time"),
            "rows": standards.step_compliance(start, end, service),
            "start": start,
            "end": end,
            "service": service or "",
            "services": [
                (Service.VISIT, Service.VISIT.label),
                (Service.MEETING_ROOM, Service.MEETING_ROOM.label),
            ],
        }
        return TemplateResponse(request, "admin/reservations/standards.html", context)


def _dispositions(req: ServiceRequest) -> list[Disposition]:
    """With their instructions in words and whether the recipient has passed them on."""
    rows = list(req.dispositions.all())
    labels = dict(Instruction.choices)
    for index, row in enumerate(rows):
        row.instruction_labels = [labels.get(code, code) for code in row.instructions]
        row.forwarded = row.withdrawn_at is None and any(
            later.withdrawn_at is None for later in rows[index + 1 :]
        )
    return rows


def _date_or(raw, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(raw or "")
    except ValueError:
        return default


def _duration(minutes: int) -> str:
    hours, rest = divmod(int(minutes), 60)
    if hours:
        return _("%(h)d h %(m)02d min") % {"h": hours, "m": rest}
    return _("%(m)d min") % {"m": rest}


class LeadershipBlockAdmin(admin.ModelAdmin):
    """Entering a leadership blocking moves every approved booking it covers (the action)."""

    list_display = ["start", "end", "resource", "reason", "created_by"]
    list_select_related = ["resource", "created_by"]
    fields = ["resource", "start", "end", "reason"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        block, moved = actions.block_for_leadership(
            actor=request.user,
            resource=obj.resource,
            start=obj.start,
            end=obj.end,
            reason=obj.reason,
        )
        obj.pk = block.pk
        obj._state.adding = False
        messages.info(
            request,
            _("%(count)d approved booking(s) moved to rescheduling; their applicants were told.")
            % {"count": len(moved)},
        )

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)

        class BlockForm(form):
            def clean(self):
                data = super().clean()
                if data.get("start") and data.get("end") and data["end"] <= data["start"]:
                    raise ValidationError(RequestRefused("invalid_range").message)
                return data

        return BlockForm


class ResourceAdmin(admin.ModelAdmin):
    list_display = ["name", "service", "capacity", "active"]

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.register(ServiceRequest, ServiceRequestAdmin)
admin.site.register(LeadershipBlock, LeadershipBlockAdmin)
admin.site.register(Resource, ResourceAdmin)
