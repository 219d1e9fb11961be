"""Pages of the reports app. Thin: the rules live in ``actions``, the figures in ``content``."""

from __future__ import annotations

import datetime as dt
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from reservations import audit
from reservations.models import AuditKind, Service
from reservations.queue import enqueue_on_commit
from reservations.ratelimit import rate_limited
from reservations.roles import Role, has_role

from . import actions, charts, content, ikm, periods
from .document import FORMATS, Report
from .forms import (
    QUESTIONS,
    AnswerComplaintForm,
    ComplaintForm,
    CorrectionForm,
    NoteForm,
    PrepareRecapForm,
    SurveyForm,
)
from .models import (
    Complaint,
    ComplaintStatus,
    JobStatus,
    MonthlyRecap,
    RecapState,
    ReportJob,
)

READERS = (Role.ADMIN, Role.KASI, Role.KABID, Role.KADIS)


def staff_only(*roles):
    """Logged-in staff holding one of ``roles``; everyone else gets 403. Never cached."""

    def decorator(view):
        @wraps(view)
        @login_required
        @never_cache
        def wrapper(request, *args, **kwargs):
            if not has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def file_response(request, data: bytes, fmt: str, filename: str) -> HttpResponse:
    # Every report names citizens or staff: who took a copy is security evidence.
    audit.record(request, AuditKind.DOWNLOAD, target=f"report:{filename}.{fmt}")
    content_type = FORMATS[fmt][0]
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    # Reports name citizens: no browser or proxy may keep a copy.
    response["Cache-Control"] = "no-store, private"
    return response


def _period(text: str, kind: str) -> periods.Period:
    try:
        return periods.parse(text, kind)
    except periods.BadPeriod:
        raise Http404 from None


def _sync_limit() -> int:
    return settings.PONTIVE.get("REPORT_SYNC_MAX_ROWS", 1500)


def _deliver(request, report: Report, fmt: str, job_report: str, job_period: str):
    """Send the file now, or hand a long PDF to a worker and show its progress."""
    if fmt not in FORMATS:
        raise Http404
    if fmt == "pdf" and report.row_count > _sync_limit():
        job = ReportJob.objects.create(
            report=job_report,
            period=job_period,
            fmt=fmt,
            requested_by=request.user,
            language=request.LANGUAGE_CODE,
        )
        from .tasks import render_report_job

        enqueue_on_commit(render_report_job, str(job.pk))
        return redirect("reports:job", job.pk)
    data = FORMATS[fmt][1](report)
    return file_response(request, data, fmt, report.filename_stem)


# ---------------------------------------------------------------- dashboard


def _month_from(request) -> periods.Period:
    today = timezone.localdate()
    try:
        return periods.parse(request.GET.get("bulan", ""), "month")
    except periods.BadPeriod:
        return periods.month_of(today)


@staff_only(*READERS)
@require_GET
def dashboard(request):
    month = _month_from(request)
    today = timezone.localdate()
    cw = content.coworking_figures(month)
    from coworking.models import Reservation, Status

    day_counts = dict(
        Reservation.objects.in_period(month.start, month.end)
        .filter(status__in=[Status.FINISHED, Status.CHECKED_IN], checked_in_at__isnull=False)
        .values_list("day")
        .annotate(n=Count("id"))
        .order_by()
    )
    per_day = [(d, day_counts.get(d, 0)) for d in month.days]
    from reservations.models import RequestState, ServiceRequest

    requests = ServiceRequest.objects.filter(
        start__date__gte=month.start, start__date__lte=month.end
    ).aggregate(
        visits=Count("id", filter=Q(service=Service.VISIT)),
        visits_done=Count("id", filter=Q(service=Service.VISIT, state=RequestState.COMPLETED)),
        loans=Count("id", filter=Q(service=Service.MEETING_ROOM)),
        loans_done=Count(
            "id", filter=Q(service=Service.MEETING_ROOM, state=RequestState.COMPLETED)
        ),
    )
    complaints = Complaint.objects.in_period(month.start, month.end).aggregate(
        received=Count("id"), waiting=Count("id", filter=Q(status=ComplaintStatus.RECEIVED))
    )
    satisfaction = ikm.for_period(month.start, month.end)
    role_waiting = [
        role for role in (Role.ADMIN, Role.KASI, Role.KABID) if has_role(request.user, role)
    ]
    waiting_recaps = MonthlyRecap.objects.none()
    for role in role_waiting:
        waiting_recaps = waiting_recaps | MonthlyRecap.objects.waiting_for(role)
    this_quarter = periods.quarter_of(today)
    context = {
        "month": month,
        "previous_month": periods.month_before(month.start),
        "next_month": periods.month_of(month.end + dt.timedelta(days=1))
        if month.end < today
        else None,
        "cw": cw["totals"],
        "cw_hours": content.hours(cw["totals"]["minutes"]),
        "requests": requests,
        "complaints": complaints,
        "all_waiting_complaints": Complaint.objects.waiting().count(),
        "satisfaction": satisfaction,
        "sessions_chart": charts.bar_chart(
            [d.strftime("%d") for d, _n in per_day],
            [n for _d, n in per_day],
            title=_("Co-working sessions per day"),
        ),
        "ikm_chart": charts.hbar_chart(
            [f"{e.code} {e.label}"[:38] for e in satisfaction.elements],
            [e.unit for e in satisfaction.elements],
            title=_("Satisfaction per element (NRR × 25)"),
            marks=[65, 76.61, 88.31],
        )
        if satisfaction.respondents
        else "",
        "waiting_recaps": waiting_recaps.distinct().order_by("month"),
        "report_links": [
            (
                content.report_title("ruang-rapat"),
                [periods.month_before(today), periods.month_of(today)],
                "ruang-rapat",
            ),
            (
                content.report_title("kunjungan"),
                [periods.quarter_before(today), this_quarter],
                "kunjungan",
            ),
            (
                content.report_title("coworking"),
                [periods.quarter_before(today), this_quarter],
                "coworking",
            ),
            (
                content.report_title("tahunan"),
                [periods.year(today.year - 1), periods.year(today.year)],
                "tahunan",
            ),
        ],
        "can_answer_complaints": has_role(request.user, Role.ADMIN),
    }
    return render(request, "reports/dashboard.html", context)


# ---------------------------------------------------------------- the period reports


def _build(name: str, period_text: str) -> Report:
    if name not in content.REPORTS:
        raise Http404
    kind, builder = content.REPORTS[name]
    return builder(_period(period_text, kind))


@staff_only(*READERS)
@require_GET
def report_page(request, report_kind: str, period: str):
    report = _build(report_kind, period)
    return render(request, "reports/report.html", {"report": report, "name": report_kind})


@staff_only(*READERS)
@require_GET
def report_download(request, report_kind: str, period: str, fmt: str):
    report = _build(report_kind, period)
    return _deliver(request, report, fmt, report_kind, period)


# ---------------------------------------------------------------- the monthly recap


def _recap(slug: str) -> MonthlyRecap:
    period = _period(slug, "month")
    return get_object_or_404(MonthlyRecap.objects.for_list(), month=period.start)


@staff_only(*READERS)
@require_http_methods(["GET", "POST"])
def recap_list(request):
    form = PrepareRecapForm(request.POST or None)
    if request.method == "POST":
        if not has_role(request.user, Role.ADMIN):
            raise PermissionDenied
        if form.is_valid():
            try:
                period = periods.parse(form.cleaned_data["month"], "month")
                recap = actions.prepare_recap(period=period, by=request.user)
            except periods.BadPeriod:
                form.add_error("month", _("Choose a month, for example 2026-10."))
            except actions.ReportError as error:
                form.add_error("month", error.message)
            else:
                messages.success(request, _("The recap has been prepared."))
                return redirect("reports:recap", recap.slug)
    recaps = list(MonthlyRecap.objects.for_list().order_by("-month")[:36])
    return render(
        request,
        "reports/recap_list.html",
        {
            "recaps": recaps,
            "form": form,
            "can_prepare": has_role(request.user, Role.ADMIN),
            "suggested": periods.month_before(timezone.localdate()).slug,
        },
    )


def _recap_context(request, recap: MonthlyRecap, **extra) -> dict:
    version = recap.current_version
    totals = content.recap_totals(version.content)
    user = request.user
    corrections = list(recap.corrections.select_related("version").order_by("at", "pk"))
    return {
        "recap": recap,
        "period": actions.recap_period(recap),
        "version": version,
        "versions": list(
            recap.versions.order_by("-number").values(
                "number", "made_at", "made_by_name", "role", "reason", "frozen"
            )
        ),
        "totals": totals,
        "sessions": list(enumerate(version.content["sessions"][:100], start=1)),
        "more_sessions": max(0, len(version.content["sessions"]) - 100),
        "events": list(recap.events.order_by("at", "pk")),
        "corrections": corrections,
        "notes": list(recap.notes.order_by("at", "pk")),
        "can_refresh": recap.state == RecapState.DRAFT and has_role(user, Role.ADMIN),
        "can_review": recap.state == RecapState.SUBMITTED and has_role(user, Role.KASI),
        "can_acknowledge": recap.state == RecapState.FORWARDED and has_role(user, Role.KABID),
        "correction_form": extra.pop("correction_form", None) or CorrectionForm(),
        "note_form": extra.pop("note_form", None) or NoteForm(),
        **extra,
    }


@staff_only(*READERS)
@require_GET
def recap_detail(request, slug: str):
    recap = _recap(slug)
    return render(request, "reports/recap_detail.html", _recap_context(request, recap))


STEPS = {
    "refresh": actions.refresh_recap,
    "submit": actions.submit_recap,
    "forward": actions.forward_recap,
    "acknowledge": actions.acknowledge_recap,
}
STEP_DONE = {
    "refresh": _("The recap was read again from the reservations."),
    "submit": _("The recap was submitted to the Kasi PK&AI."),
    "forward": _("The recap was forwarded to the Kabid TKPBET."),
    "acknowledge": _("You acknowledged the recap."),
    "correct": _("The correction was saved as a new version."),
    "annotate": _("Your note was added."),
}


@staff_only(*READERS)
@require_POST
def recap_step(request, slug: str, step: str):
    recap = _recap(slug)
    try:
        if step in STEPS:
            form = NoteForm(request.POST)
            note = form.cleaned_data["note"] if form.is_valid() else ""
            kwargs = {} if step == "refresh" else {"note": note}
            STEPS[step](recap=recap, by=request.user, **kwargs)
        elif step == "annotate":
            form = NoteForm(request.POST)
            if not form.is_valid():
                raise actions.ReportError("empty_note")
            actions.annotate_recap(recap=recap, by=request.user, text=form.cleaned_data["note"])
        elif step == "correct":
            form = CorrectionForm(request.POST)
            if not form.is_valid():
                return render(
                    request,
                    "reports/recap_detail.html",
                    _recap_context(request, recap, correction_form=form),
                    status=400,
                )
            actions.correct_recap(recap=recap, by=request.user, **form.cleaned_data)
        else:
            raise Http404
    except actions.ReportError as error:
        if error.code == "wrong_role":
            raise PermissionDenied from None
        messages.error(request, error.message)
        return redirect("reports:recap", recap.slug)
    messages.success(request, STEP_DONE[step])
    return redirect("reports:recap", recap.slug)


def _recap_document(recap: MonthlyRecap, number: int) -> Report:
    version = get_object_or_404(recap.versions, number=number)
    corrections = list(
        recap.corrections.filter(version__number__lte=number).select_related("version")
    )
    notes = list(recap.notes.filter(version_number__lte=number))
    return content.recap_report(recap, version, corrections=corrections, notes=notes)


@staff_only(*READERS)
@require_GET
def recap_download(request, slug: str, number: int, fmt: str):
    recap = _recap(slug)
    report = _recap_document(recap, number)
    return _deliver(request, report, fmt, "recap", f"{recap.slug}:{number}")


# ---------------------------------------------------------------- long renders


def build_for_job(job: ReportJob) -> Report:
    if job.report == "recap":
        slug, number = job.period.split(":")
        return _recap_document(_recap(slug), int(number))
    return _build(job.report, job.period)


def _job(request, pk) -> ReportJob:
    job = get_object_or_404(ReportJob, pk=pk)
    if job.requested_by_id != request.user.pk:
        raise Http404  # another person's file: not even its existence is told
    return job


@staff_only(*READERS)
@require_GET
def job_page(request, pk):
    return render(request, "reports/job.html", {"job": _job(request, pk)})


@staff_only(*READERS)
@require_GET
def job_progress(request, pk):
    job = _job(request, pk)
    return JsonResponse(
        {
            "status": job.status,
            "progress": job.progress,
            "stage": job.stage,
            "error": job.status == JobStatus.FAILED,
            "download": reverse("reports:job-file", args=[job.pk])
            if job.status == JobStatus.DONE
            else None,
        }
    )


@staff_only(*READERS)
@require_GET
def job_file(request, pk):
    job = _job(request, pk)
    if job.status != JobStatus.DONE or not job.file:
        raise Http404
    with job.file.open("rb") as handle:
        data = handle.read()
    return file_response(request, data, job.fmt, job.filename)


# ---------------------------------------------------------------- complaints (staff)


@staff_only(Role.ADMIN, Role.KASI, Role.KABID, Role.KADIS)
@require_GET
def complaints(request):
    show = request.GET.get("tampil", "menunggu")
    rows = Complaint.objects.for_list()
    if show != "semua":
        rows = rows.waiting()
    return render(
        request,
        "reports/complaints.html",
        {
            "complaints": list(rows.order_by("created_at")[:200]),
            "show": show,
            "waiting": Complaint.objects.waiting().count(),
            "can_answer": has_role(request.user, Role.ADMIN),
            "form": AnswerComplaintForm(),
        },
    )


@staff_only(Role.ADMIN)
@require_POST
def answer_complaint(request, pk: int):
    complaint = get_object_or_404(Complaint, pk=pk)
    form = AnswerComplaintForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the answer to the complaint."))
        return redirect("reports:complaints")
    try:
        actions.answer_complaint(
            complaint=complaint, by=request.user, answer=form.cleaned_data["answer"]
        )
    except actions.ReportError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The answer was sent to the citizen."))
    return redirect("reports:complaints")


# ---------------------------------------------------------------- public pages


@never_cache
@rate_limited("survey", limit=20, per_seconds=60, methods=("GET", "POST"))
@require_http_methods(["GET", "POST"])
def survey(request, token: str):
    try:
        invitation = actions.invitation_for(token)
    except actions.ReportError as error:
        return render(request, "reports/survey_closed.html", {"message": error.message}, status=404)
    if invitation.answered_at is not None:
        return render(
            request,
            "reports/survey_closed.html",
            {"message": actions.MESSAGES["already_answered"]},
            status=410,
        )
    if invitation.expires_at <= timezone.now():
        return render(
            request,
            "reports/survey_closed.html",
            {"message": actions.MESSAGES["expired"]},
            status=410,
        )
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.answer_survey(
                token=token,
                answers=form.answers(),
                sex=form.cleaned_data["sex"],
                age=form.cleaned_data["age"],
                education=form.cleaned_data["education"],
                occupation=form.cleaned_data["occupation"],
                suggestion=form.cleaned_data["suggestion"],
            )
        except actions.ReportError as error:
            return render(
                request, "reports/survey_closed.html", {"message": error.message}, status=409
            )
        return render(request, "reports/survey_thanks.html")
    return render(
        request,
        "reports/survey.html",
        {
            "form": form,
            "service": content.service_label(invitation.service),
            "delivered_on": invitation.delivered_on,
            "questions": QUESTIONS,
        },
        status=400 if request.method == "POST" else 200,
    )


@rate_limited("complaint", limit=5, per_seconds=300)
@require_http_methods(["GET", "POST"])
def complaint_form(request, service: str | None = None):
    if service is not None and service not in Service.values:
        raise Http404
    form = ComplaintForm(request.POST or None, initial={"service": service})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        complaint = actions.file_complaint(
            service=data["service"],
            name=data["name"],
            email=data["email"],
            phone=data.get("phone") or "",
            message=data["message"],
        )
        return render(request, "reports/complaint_thanks.html", {"complaint": complaint})
    return render(
        request,
        "reports/complaint_form.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )
