"""What each report says: the builders that read the services' data and return a ``Report``.

The monthly co-working recap is built in two steps: ``recap_snapshot`` reads
the month once into a plain JSON-able dict (stored as a frozen version), and
``recap_report`` turns a snapshot into a report, recomputing every total from
the session rows, so a correction by the Kasi shows in the totals at once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from reservations import calendar
from reservations.models import Service
from reservations.roles import Role

from . import charts, ikm
from .document import Column, Figure, Report, Section, Signature, Table
from .models import (
    Complaint,
    ComplaintChannel,
    ComplaintStatus,
    Education,
    Element,
    Occupation,
    Sex,
    SurveyAnswer,
    SurveyResponse,
)
from .periods import Period

ONE_DECIMAL = Decimal("0.1")

KASI_POSITION = "Kepala Seksi Pengembangan Kebijakan dan Aplikasi Informatika"
KABID_POSITION = "Kepala Bidang Tata Kelola Pemerintahan Berbasis Elektronik dan Telematika"


def hours(minutes: int) -> Decimal:
    return (Decimal(minutes) / 60).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def _hm(value: dt.datetime | None) -> str:
    return timezone.localtime(value).strftime("%H:%M") if value else ""


def _time(text: str) -> dt.time | None:
    return dt.time.fromisoformat(text) if text else None


def _minutes_between(start: str, end: str) -> int:
    if not start or not end:
        return 0
    a, b = dt.time.fromisoformat(start), dt.time.fromisoformat(end)
    return max(0, (b.hour * 60 + b.minute) - (a.hour * 60 + a.minute))


def service_label(service: str) -> str:
    return str(Service(service).label)


# ---------------------------------------------------------------- signatories


def signatory_name(role: str, user=None) -> str:
    """The name printed under a role: the person who acted, else whoever holds the role."""
    from django.contrib.auth import get_user_model

    if user is None:
        user = (
            get_user_model()
            .objects.filter(groups__name=role, is_active=True)
            .order_by("pk")
            .first()
        )
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def standard_signatures(kasi=None, kabid=None, kasi_note="", kabid_note="") -> list[Signature]:
    return [
        Signature(_("Checked by,"), KASI_POSITION, signatory_name(Role.KASI, kasi), kasi_note),
        Signature(
            _("Acknowledged by,"), KABID_POSITION, signatory_name(Role.KABID, kabid), kabid_note
        ),
    ]


# ---------------------------------------------------------------- co-working: the recap snapshot


def _visitor_key(email: str, phone: str) -> str:
    # Counts distinct people without keeping their email or phone in the snapshot.
    key = (email or "").strip().lower() or (phone or "").strip()
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def recap_snapshot(period: Period) -> dict:
    """The month's co-working use as a plain dict: the content of a recap version."""
    from coworking.models import Reservation, Status

    sessions, no_shows = [], []
    cancelled = 0
    rows = (
        Reservation.objects.in_period(period.start, period.end)
        .order_by("start", "desk__number", "pk")
        .values_list(
            "pk",
            "day",
            "name",
            "institution",
            "desk__number",
            "status",
            "start",
            "end",
            "checked_in_at",
            "checked_out_at",
            "session_ends_at",
            "auto_closed",
            "walk_in",
            "left_tidy",
            "email",
            "phone",
        )
    )
    for (
        pk,
        day,
        name,
        institution,
        desk,
        status,
        start,
        end,
        checked_in_at,
        checked_out_at,
        session_ends_at,
        auto_closed,
        walk_in,
        left_tidy,
        email,
        phone,
    ) in rows.iterator(chunk_size=2000):
        if status in (Status.FINISHED, Status.CHECKED_IN) and checked_in_at:
            # A session still open in the data is past its limit by now: it ended there.
            out = checked_out_at or session_ends_at or end
            closed_by_system = auto_closed or (status == Status.CHECKED_IN)
            t_in, t_out = _hm(checked_in_at), _hm(out)
            sessions.append(
                {
                    "id": pk,
                    "day": day.isoformat(),
                    "name": name,
                    "institution": institution,
                    "desk": str(desk),
                    "in": t_in,
                    "out": t_out,
                    "minutes": _minutes_between(t_in, t_out),
                    "auto_closed": bool(closed_by_system),
                    "walk_in": bool(walk_in),
                    "left_tidy": left_tidy,
                    "visitor": _visitor_key(email, phone),
                }
            )
        elif status == Status.CANCELLED:
            cancelled += 1
        else:  # no-show, or reserved and never came
            no_shows.append(
                {
                    "id": pk,
                    "day": day.isoformat(),
                    "name": name,
                    "institution": institution,
                    "desk": str(desk),
                    "start": _hm(start),
                    "end": _hm(end),
                }
            )
    service_days = [d for d in period.days if calendar.is_service_day(d, Service.COWORKING)]
    open_minutes = 0
    for day in service_days:
        opens, closes = calendar.opening_hours(day)
        open_minutes += (closes.hour * 60 + closes.minute) - (opens.hour * 60 + opens.minute)
    from coworking.models import Desk

    survey = ikm_inputs(period, Service.COWORKING)
    return {
        "period": period.slug,
        "taken_at": timezone.now().isoformat(),
        "sessions": sessions,
        "no_shows": no_shows,
        "cancelled": cancelled,
        "service_days": [d.isoformat() for d in service_days],
        "open_minutes_per_desk": open_minutes,
        "desks": sorted(
            str(n) for n in Desk.objects.filter(is_active=True).values_list("number", flat=True)
        ),
        "complaints": complaint_counts(period, Service.COWORKING),
        "survey": survey,
    }


def recap_totals(content: dict) -> dict:
    """Every total of a recap, from its rows (so that corrections carry through)."""
    sessions = content["sessions"]
    minutes = sum(s["minutes"] for s in sessions)
    per_day: dict[str, dict] = defaultdict(lambda: {"sessions": 0, "minutes": 0, "no_shows": 0})
    per_desk: dict[str, dict] = defaultdict(lambda: {"sessions": 0, "minutes": 0})
    for s in sessions:
        per_day[s["day"]]["sessions"] += 1
        per_day[s["day"]]["minutes"] += s["minutes"]
        per_desk[s["desk"]]["sessions"] += 1
        per_desk[s["desk"]]["minutes"] += s["minutes"]
    for n in content["no_shows"]:
        per_day[n["day"]]["no_shows"] += 1
    for day in content.get("service_days", []):
        per_day[day]  # every service day gets a row, used or not
    for desk in content.get("desks", []):
        per_desk[desk]
    institutions = Counter(s["institution"].strip() or "–" for s in sessions)
    return {
        "sessions": len(sessions),
        "visitors": len({s["visitor"] for s in sessions}),
        "minutes": minutes,
        "hours": hours(minutes),
        "average_minutes": round(minutes / len(sessions)) if sessions else 0,
        "no_shows": len(content["no_shows"]),
        "cancelled": content["cancelled"],
        "walk_ins": sum(1 for s in sessions if s["walk_in"]),
        "auto_closed": sum(1 for s in sessions if s["auto_closed"]),
        "left_tidy": sum(1 for s in sessions if s["left_tidy"]),
        "service_days": len(content.get("service_days", [])),
        "per_day": dict(sorted(per_day.items())),
        "per_desk": dict(sorted(per_desk.items(), key=lambda kv: (len(kv[0]), kv[0]))),
        "institutions": institutions.most_common(10),
    }


def recap_report(recap, version, *, corrections=(), notes=()) -> Report:
    """The recap of one version, as the Kasi and the Kabid read it."""
    content = version.content
    totals = recap_totals(content)
    period = Period("month", recap.month, _month_end(recap.month))
    open_per_desk = content.get("open_minutes_per_desk") or 0

    summary = Section(
        _("Summary"),
        figures=[
            Figure(_("Number of sessions"), totals["sessions"]),
            Figure(_("Different visitors"), totals["visitors"]),
            Figure(_("Hours used"), totals["hours"]),
            Figure(_("Average session (minutes)"), totals["average_minutes"]),
            Figure(_("No-shows"), totals["no_shows"]),
            Figure(_("Cancelled reservations"), totals["cancelled"]),
            Figure(_("Walk-ins"), totals["walk_ins"]),
            Figure(
                _("Sessions closed automatically"),
                totals["auto_closed"],
                _("at 7 hours or at closing time"),
            ),
            Figure(_("Desk left tidy"), totals["left_tidy"]),
            Figure(_("Service days"), totals["service_days"]),
        ],
    )
    days = list(totals["per_day"].items())
    summary.charts.append(
        charts.bar_chart(
            [dt.date.fromisoformat(d).strftime("%d") for d, _v in days],
            [v["sessions"] for _d, v in days],
            title=_("Sessions per day"),
        )
    )
    desks = list(totals["per_desk"].items())
    summary.charts.append(
        charts.bar_chart(
            [d for d, _v in desks],
            [v["sessions"] for _d, v in desks],
            title=_("Sessions per desk"),
            color=charts.PALETTE[1],
        )
    )
    per_day = Table(
        _("Use per day"),
        [
            Column(_("Date"), 12),
            Column(_("Sessions"), 8, True),
            Column(_("Hours"), 8, True),
            Column(_("No-shows"), 8, True),
        ],
        [
            [dt.date.fromisoformat(d), v["sessions"], hours(v["minutes"]), v["no_shows"]]
            for d, v in days
        ],
        footer=[_("Total"), totals["sessions"], totals["hours"], totals["no_shows"]],
    )
    per_desk = Table(
        _("Use per desk"),
        [
            Column(_("Desk"), 6),
            Column(_("Sessions"), 8, True),
            Column(_("Hours"), 8, True),
            Column(_("Occupancy (%)"), 8, True),
        ],
        [
            [d, v["sessions"], hours(v["minutes"]), percent(v["minutes"], open_per_desk)]
            for d, v in desks
        ],
        footer=[_("Total"), totals["sessions"], totals["hours"], None],
    )
    top = Table(
        _("Institutions with the most sessions"),
        [Column(_("Institution or start-up"), 40), Column(_("Sessions"), 8, True)],
        [[name, count] for name, count in totals["institutions"]],
        empty=_("No sessions."),
    )
    sections = [
        summary,
        Section(_("Use per day and per desk"), tables=[per_day, per_desk, top]),
    ]
    if corrections or notes:
        review = Section(_("Review by the Kasi PK&AI"))
        if corrections:
            review.tables.append(
                Table(
                    _("Corrections"),
                    [
                        Column(_("When"), 16),
                        Column(_("By"), 16),
                        Column(_("Row"), 5, True),
                        Column(_("Field"), 10),
                        Column(_("Was"), 16),
                        Column(_("Now"), 16),
                        Column(_("Why"), 24),
                        Column(_("Version"), 5, True),
                    ],
                    [
                        [
                            c.at,
                            c.by_name,
                            c.row_number,
                            c.get_field_display(),
                            c.old_value,
                            c.new_value,
                            c.reason,
                            c.version.number,
                        ]
                        for c in corrections
                    ],
                )
            )
        if notes:
            review.tables.append(
                Table(
                    _("Notes"),
                    [
                        Column(_("When"), 16),
                        Column(_("By"), 16),
                        Column(_("Version"), 5, True),
                        Column(_("Note"), 60),
                    ],
                    [[n.at, n.by_name, n.version_number, n.text] for n in notes],
                )
            )
        sections.append(review)
    sections.append(complaints_section_from_counts(content.get("complaints") or {}))
    survey = content.get("survey") or {}
    sections.append(
        satisfaction_section_from_result(
            ikm.compute(survey.get("sums", {}), survey.get("respondents", 0)),
            delivered=totals["sessions"],
        )
    )
    sections.append(
        Section(
            _("Sessions"),
            paragraphs=[_("Every co-working session of the month, in order of arrival.")],
            tables=[
                Table(
                    _("Sessions"),
                    [
                        Column(_("No."), 5, True),
                        Column(_("Date"), 10),
                        Column(_("Name"), 30),
                        Column(_("Institution"), 30),
                        Column(_("Desk"), 5),
                        Column(_("In"), 6),
                        Column(_("Out"), 6),
                        Column(_("Minutes"), 6, True),
                        Column(_("Auto-closed"), 14),
                        Column(_("Walk-in"), 7),
                    ],
                    [
                        [
                            i,
                            dt.date.fromisoformat(s["day"]),
                            s["name"],
                            s["institution"],
                            s["desk"],
                            _time(s["in"]),
                            _time(s["out"]),
                            s["minutes"],
                            s["auto_closed"],
                            s["walk_in"],
                        ]
                        for i, s in enumerate(content["sessions"], start=1)
                    ],
                    listing=True,
                    empty=_("No sessions this month."),
                )
            ],
        )
    )
    sections.append(
        Section(
            _("No-shows"),
            tables=[
                Table(
                    _("No-shows"),
                    [
                        Column(_("No."), 5, True),
                        Column(_("Date"), 10),
                        Column(_("Name"), 30),
                        Column(_("Institution"), 30),
                        Column(_("Desk"), 5),
                        Column(_("From"), 6),
                        Column(_("Until"), 6),
                    ],
                    [
                        [
                            i,
                            dt.date.fromisoformat(n["day"]),
                            n["name"],
                            n["institution"],
                            n["desk"],
                            _time(n["start"]),
                            _time(n["end"]),
                        ]
                        for i, n in enumerate(content["no_shows"], start=1)
                    ],
                    listing=True,
                    empty=_("No no-shows this month."),
                )
            ],
        )
    )
    return Report(
        key="rekap-coworking",
        title=_("Monthly recap of the co-working space (Start Up Hub)"),
        period=period,
        sections=sections,
        version=_("Version %(number)s") % {"number": version.number},
        status=recap.get_state_display(),
        signatures=standard_signatures(
            kasi=recap.forwarded_by,
            kabid=recap.acknowledged_by,
            kasi_note=_("Forwarded on %(date)s") % {"date": _short(recap.forwarded_at)}
            if recap.forwarded_at
            else "",
            kabid_note=_("Received on %(date)s") % {"date": _short(recap.acknowledged_at)}
            if recap.acknowledged_at
            else "",
        ),
        personal_data=True,
        made_at=version.made_at,
    )


def _short(value: dt.datetime) -> str:
    return date_format(timezone.localtime(value), "SHORT_DATE_FORMAT")


def _month_end(first: dt.date) -> dt.date:
    following = dt.date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


# ---------------------------------------------------------------- complaints and satisfaction


def complaint_counts(period: Period, service: str | None = None) -> dict:
    rows = (
        Complaint.objects.in_period(period.start, period.end, service)
        .values("status", "channel")
        .annotate(n=Count("id"))
    )
    counts = {"received": 0, "answered": 0, "channels": {}}
    for row in rows:
        counts["received"] += row["n"]
        if row["status"] == ComplaintStatus.ANSWERED:
            counts["answered"] += row["n"]
        counts["channels"][row["channel"]] = counts["channels"].get(row["channel"], 0) + row["n"]
    return counts


def complaints_section_from_counts(counts: dict, per_service: Iterable | None = None) -> Section:
    received = counts.get("received", 0)
    answered = counts.get("answered", 0)
    section = Section(
        _("Complaints"),
        figures=[
            Figure(_("Complaints received"), received),
            Figure(_("Answered"), answered),
            Figure(_("Waiting for an answer"), received - answered),
        ],
    )
    channels = counts.get("channels") or {}
    if channels:
        section.tables.append(
            Table(
                _("Complaints by channel"),
                [Column(_("Channel"), 30), Column(_("Complaints"), 8, True)],
                [
                    [str(ComplaintChannel(code).label), n]
                    for code, n in sorted(channels.items())
                    if code in ComplaintChannel.values
                ],
            )
        )
    if per_service:
        section.tables.append(
            Table(
                _("Complaints by service"),
                [
                    Column(_("Service"), 30),
                    Column(_("Received"), 8, True),
                    Column(_("Answered"), 8, True),
                ],
                list(per_service),
            )
        )
    return section


def complaints_section(period: Period, service: str | None = None) -> Section:
    per_service = None
    if service is None:
        per_service = []
        for code in Service.values:
            counts = complaint_counts(period, code)
            per_service.append([service_label(code), counts["received"], counts["answered"]])
    return complaints_section_from_counts(complaint_counts(period, service), per_service)


def ikm_inputs(period: Period, service: str | None = None) -> dict:
    """What the IKM needs, as plain numbers a snapshot can keep."""
    responses = SurveyResponse.objects.in_period(period.start, period.end, service)
    sums = {
        row["element"]: row["total"]
        for row in SurveyAnswer.objects.filter(response__in=responses)
        .values("element")
        .annotate(total=Sum("score"))
    }
    return {"respondents": responses.count(), "sums": sums}


def satisfaction_section_from_result(
    result: ikm.IKMResult, *, delivered: int, profile: Section | None = None, title: str = ""
) -> Section:
    target = ikm.sample_size(delivered)
    section = Section(title or _("Satisfaction survey (SKM)"))
    section.figures = [
        Figure(_("Questionnaires received"), result.respondents),
        Figure(
            _("Target (Krejcie–Morgan)"),
            target,
            _("for %(n)s services delivered") % {"n": delivered},
        ),
        Figure(
            _("Satisfaction index (IKM, 25–100)"),
            result.unit,
            _("weight %(w)s") % {"w": result.weight},
        ),
        Figure(
            _("Quality grade"), f"{result.grade} — {result.grade_label}" if result.grade else None
        ),
    ]
    if not result.respondents:
        section.paragraphs.append(_("No questionnaire was answered for this period."))
        return section
    weakest = result.weakest
    section.paragraphs.append(
        _("Weakest element: %(code)s %(label)s (%(value)s).")
        % {"code": weakest.code, "label": weakest.label, "value": _comma(weakest.unit)}
    )
    section.tables.append(
        Table(
            _("Score per element"),
            [
                Column(_("Code"), 4),
                Column(_("Element"), 40),
                Column(_("Sum of scores"), 8, True),
                Column(_("NRR"), 6, True),
                Column(_("NRR × weight"), 8, True),
                Column(_("NRR × 25"), 8, True),
            ],
            [[e.code, e.label, e.total, e.nrr, e.weighted, e.unit] for e in result.elements],
            footer=[_("IKM"), "", "", "", result.ikm, result.unit],
        )
    )
    section.charts.append(
        charts.hbar_chart(
            [f"{e.code} {e.label}"[:38] for e in result.elements],
            [e.unit for e in result.elements],
            title=_("Score per element (NRR × 25)"),
            max_value=100,
            marks=[65, 76.61, 88.31],
        )
    )
    if profile:
        section.tables.extend(profile.tables)
    return section


def respondent_profile(period: Period, service: str | None = None) -> Section:
    responses = SurveyResponse.objects.in_period(period.start, period.end, service)
    section = Section(_("Respondents"))
    for field_name, title, choices in (
        ("sex", _("Sex"), Sex),
        ("education", _("Education"), Education),
        ("occupation", _("Occupation"), Occupation),
    ):
        counts = dict(responses.values_list(field_name).annotate(n=Count("id")).order_by())
        section.tables.append(
            Table(
                _("Respondents by %(what)s") % {"what": str(title).lower()},
                [Column(str(title), 30), Column(_("Respondents"), 8, True)],
                [[str(label), counts.get(code, 0)] for code, label in choices.choices],
            )
        )
    bands = [(10, 19), (20, 29), (30, 39), (40, 49), (50, 59), (60, 120)]
    age_rows = []
    for low, high in bands:
        label = f"{low}–{high}" if high < 120 else f"≥ {low}"
        age_rows.append([label, responses.filter(age__gte=low, age__lte=high).count()])
    section.tables.append(
        Table(
            _("Respondents by age"),
            [Column(_("Age (years)"), 12), Column(_("Respondents"), 8, True)],
            age_rows,
        )
    )
    suggestions = list(
        responses.exclude(suggestion="")
        .order_by("service_date")
        .values_list("service_date", "service", "suggestion")
    )
    if suggestions:
        section.tables.append(
            Table(
                _("Suggestions (anonymous)"),
                [Column(_("Date"), 10), Column(_("Service"), 20), Column(_("Suggestion"), 60)],
                [[d, service_label(s), text] for d, s, text in suggestions],
            )
        )
    return section


def satisfaction_section(period: Period, service: str | None, delivered: int) -> Section:
    return satisfaction_section_from_result(
        ikm.for_period(period.start, period.end, service),
        delivered=delivered,
        profile=respondent_profile(period, service),
    )


def _comma(value: Decimal) -> str:
    return str(value).replace(".", ",")


# ---------------------------------------------------------------- delivered services


def delivered_count(period: Period, service: str) -> int:
    """How many services were delivered in the period (the survey's population)."""
    if service == Service.COWORKING:
        from coworking.models import Reservation, Status

        return (
            Reservation.objects.in_period(period.start, period.end)
            .filter(status__in=[Status.FINISHED, Status.CHECKED_IN], checked_in_at__isnull=False)
            .count()
        )
    from reservations.models import RequestState, ServiceRequest

    return ServiceRequest.objects.filter(
        service=service,
        state=RequestState.COMPLETED,
        start__date__gte=period.start,
        start__date__lte=period.end,
    ).count()


# ---------------------------------------------------------------- co-working over a quarter or year


def coworking_figures(period: Period) -> dict:
    from coworking.models import Reservation, Status

    rows = Reservation.objects.in_period(period.start, period.end).values_list(
        "day",
        "status",
        "checked_in_at",
        "checked_out_at",
        "session_ends_at",
        "end",
        "desk__number",
        "walk_in",
        "auto_closed",
    )
    per_month: dict[str, dict] = {
        p.slug: {"sessions": 0, "minutes": 0, "no_shows": 0, "cancelled": 0}
        for p in period.months()
    }
    per_desk: dict[int, dict] = defaultdict(lambda: {"sessions": 0, "minutes": 0})
    totals = Counter()
    now = timezone.now()
    for day, status, t_in, t_out, ends, end, desk, walk_in, auto_closed in rows.iterator(
        chunk_size=2000
    ):
        bucket = per_month[f"{day:%Y-%m}"]
        if status in (Status.FINISHED, Status.CHECKED_IN) and t_in:
            out = t_out or ends or end
            minutes = max(0, int((out - t_in).total_seconds() // 60))
            bucket["sessions"] += 1
            bucket["minutes"] += minutes
            per_desk[desk]["sessions"] += 1
            per_desk[desk]["minutes"] += minutes
            totals["sessions"] += 1
            totals["minutes"] += minutes
            totals["walk_ins"] += bool(walk_in)
            totals["auto_closed"] += bool(auto_closed or status == Status.CHECKED_IN)
        elif status == Status.CANCELLED:
            bucket["cancelled"] += 1
            totals["cancelled"] += 1
        elif status == Status.NO_SHOW or end <= now:  # reserved, and the slot has passed
            bucket["no_shows"] += 1
            totals["no_shows"] += 1
    return {"per_month": per_month, "per_desk": dict(sorted(per_desk.items())), "totals": totals}


def coworking_section(period: Period, figures: dict | None = None) -> Section:
    data = figures or coworking_figures(period)
    totals = data["totals"]
    months = list(data["per_month"].items())
    section = Section(
        _("Co-working space (Start Up Hub)"),
        figures=[
            Figure(_("Number of sessions"), totals["sessions"]),
            Figure(_("Hours used"), hours(totals["minutes"])),
            Figure(_("No-shows"), totals["no_shows"]),
            Figure(_("Cancelled reservations"), totals["cancelled"]),
            Figure(_("Walk-ins"), totals["walk_ins"]),
            Figure(_("Sessions closed automatically"), totals["auto_closed"]),
        ],
    )
    section.charts.append(
        charts.bar_chart(
            [_month_short(slug) for slug, _v in months],
            [v["sessions"] for _s, v in months],
            title=_("Co-working sessions per month"),
        )
    )
    section.tables.append(
        Table(
            _("Co-working per month"),
            [
                Column(_("Month"), 14),
                Column(_("Sessions"), 8, True),
                Column(_("Hours"), 8, True),
                Column(_("No-shows"), 8, True),
                Column(_("Cancelled"), 8, True),
            ],
            [
                [
                    _month_long(slug),
                    v["sessions"],
                    hours(v["minutes"]),
                    v["no_shows"],
                    v["cancelled"],
                ]
                for slug, v in months
            ],
            footer=[
                _("Total"),
                totals["sessions"],
                hours(totals["minutes"]),
                totals["no_shows"],
                totals["cancelled"],
            ],
        )
    )
    section.tables.append(
        Table(
            _("Co-working per desk"),
            [Column(_("Desk"), 6), Column(_("Sessions"), 8, True), Column(_("Hours"), 8, True)],
            [[str(d), v["sessions"], hours(v["minutes"])] for d, v in data["per_desk"].items()],
            empty=_("No sessions."),
        )
    )
    return section


def _month_short(slug: str) -> str:
    return date_format(dt.date.fromisoformat(f"{slug}-01"), "M")


def _month_long(slug: str) -> str:
    return date_format(dt.date.fromisoformat(f"{slug}-01"), "F Y")


# ---------------------------------------------------------------- visits and loans


def _requests(period: Period, service: str):
    from reservations.models import ServiceRequest

    return ServiceRequest.objects.filter(
        service=service, start__date__gte=period.start, start__date__lte=period.end
    ).select_related("resource")


def request_state_table(period: Period, service: str, title: str) -> tuple[Table, dict]:
    from reservations.models import RequestState

    counts = dict(
        _requests(period, service).values_list("state").annotate(n=Count("id")).order_by()
    )
    rows = [[str(label), counts.get(code, 0)] for code, label in RequestState.choices]
    total = sum(counts.values())
    return (
        Table(
            title,
            [Column(_("State"), 40), Column(_("Requests"), 8, True)],
            [r for r in rows if r[1]],
            footer=[_("Total"), total],
            empty=_("No requests."),
        ),
        counts,
    )


def requests_per_month(period: Period, service: str) -> list[list]:
    from reservations.models import RequestState

    rows = []
    for month in period.months():
        qs = _requests(month, service)
        done = qs.filter(state=RequestState.COMPLETED)
        rows.append(
            [
                month.label,
                qs.count(),
                done.count(),
                sum(done.values_list("participants", flat=True)),
            ]
        )
    return rows


def visits_section(period: Period, *, listing: bool = True) -> Section:
    from reservations.models import InstitutionKind, RequestState

    state_table, counts = request_state_table(period, Service.VISIT, _("Visit requests by state"))
    completed = _requests(period, Service.VISIT).filter(state=RequestState.COMPLETED)
    visitors = sum(completed.values_list("participants", flat=True))
    section = Section(
        _("Visits to the Pontive Center"),
        figures=[
            Figure(_("Visit requests"), sum(counts.values())),
            Figure(_("Visits that took place"), counts.get(RequestState.COMPLETED, 0)),
            Figure(_("Visitors in those visits"), visitors),
            Figure(_("Rejected"), counts.get(RequestState.REJECTED, 0)),
            Figure(_("Cancelled"), counts.get(RequestState.CANCELLED, 0)),
            Figure(_("Did not come"), counts.get(RequestState.NO_SHOW, 0)),
        ],
    )
    per_month = requests_per_month(period, Service.VISIT)
    if len(per_month) > 1:
        section.charts.append(
            charts.bar_chart(
                [r[0].split(" ")[0][:3] for r in per_month],
                [r[2] for r in per_month],
                title=_("Visits that took place, per month"),
                color=charts.PALETTE[2],
            )
        )
        section.tables.append(
            Table(
                _("Visits per month"),
                [
                    Column(_("Month"), 14),
                    Column(_("Requests"), 8, True),
                    Column(_("Took place"), 8, True),
                    Column(_("Visitors"), 8, True),
                ],
                per_month,
            )
        )
    section.tables.append(state_table)
    kinds = dict(completed.values_list("institution_kind").annotate(n=Count("id")).order_by())
    section.tables.append(
        Table(
            _("Visits by kind of institution"),
            [Column(_("Kind"), 30), Column(_("Visits"), 8, True)],
            [[str(label), kinds.get(code, 0)] for code, label in InstitutionKind.choices],
        )
    )
    if listing:
        section.tables.append(
            Table(
                _("List of visits"),
                [
                    Column(_("Date"), 10),
                    Column(_("Time"), 11),
                    Column(_("Institution"), 30),
                    Column(_("Visitors"), 8, True),
                    Column(_("State"), 24),
                ],
                [
                    [
                        timezone.localtime(r.start).date(),
                        f"{timezone.localtime(r.start):%H.%M}–{timezone.localtime(r.end):%H.%M}",
                        r.institution,
                        r.participants,
                        r.get_state_display(),
                    ]
                    for r in _requests(period, Service.VISIT).order_by("start")
                ],
                empty=_("No visit requests in this period."),
            )
        )
    return section


def loans_section(period: Period, *, listing: bool = True) -> Section:
    from reservations.models import RequestState

    state_table, counts = request_state_table(
        period, Service.MEETING_ROOM, _("Loan requests by state")
    )
    completed = _requests(period, Service.MEETING_ROOM).filter(state=RequestState.COMPLETED)
    section = Section(
        _("Meeting-room loans"),
        figures=[
            Figure(_("Loan requests"), sum(counts.values())),
            Figure(_("Loans that took place"), counts.get(RequestState.COMPLETED, 0)),
            Figure(_("Attendees"), sum(completed.values_list("participants", flat=True))),
            Figure(_("Rejected"), counts.get(RequestState.REJECTED, 0)),
            Figure(_("Cancelled"), counts.get(RequestState.CANCELLED, 0)),
            Figure(_("Did not come"), counts.get(RequestState.NO_SHOW, 0)),
        ],
    )
    per_month = requests_per_month(period, Service.MEETING_ROOM)
    if len(per_month) > 1:
        section.charts.append(
            charts.bar_chart(
                [r[0].split(" ")[0][:3] for r in per_month],
                [r[2] for r in per_month],
                title=_("Loans that took place, per month"),
                color=charts.PALETTE[3],
            )
        )
        section.tables.append(
            Table(
                _("Loans per month"),
                [
                    Column(_("Month"), 14),
                    Column(_("Requests"), 8, True),
                    Column(_("Took place"), 8, True),
                    Column(_("Attendees"), 8, True),
                ],
                per_month,
            )
        )
    section.tables.append(state_table)
    if listing:
        loans = _requests(period, Service.MEETING_ROOM).prefetch_related(
            "equipment_lines__equipment"
        )
        section.tables.append(
            Table(
                _("List of loans"),
                [
                    Column(_("Date"), 10),
                    Column(_("Time"), 11),
                    Column(_("Institution"), 24),
                    Column(_("Event"), 24),
                    Column(_("Attendees"), 8, True),
                    Column(_("Equipment"), 24),
                    Column(_("State"), 20),
                ],
                [
                    [
                        timezone.localtime(r.start).date(),
                        f"{timezone.localtime(r.start):%H.%M}–{timezone.localtime(r.end):%H.%M}",
                        r.institution,
                        r.event_title,
                        r.participants,
                        ", ".join(
                            f"{_granted(line)} × {line.equipment.name}"
                            for line in r.equipment_lines.all()
                        ),
                        r.get_state_display(),
                    ]
                    for r in loans.order_by("start")
                ],
                empty=_("No loan requests in this period."),
            )
        )
    return section


def _granted(line) -> int:
    return line.quantity if line.quantity_granted is None else line.quantity_granted


def equipment_section(period: Period) -> Section:
    from meetingroom.models import DamageReport

    reports = (
        DamageReport.objects.for_list()
        .filter(
            Q(reported_at__date__gte=period.start, reported_at__date__lte=period.end)
            | Q(repaired_at__date__gte=period.start, repaired_at__date__lte=period.end)
            | Q(reported_at__date__lt=period.start, repaired_at__isnull=True)
        )
        .order_by("reported_at")
    )
    rows, reported, repaired, open_ = [], 0, 0, 0
    for r in reports:
        reported_on = timezone.localtime(r.reported_at).date()
        repaired_on = timezone.localtime(r.repaired_at).date() if r.repaired_at else None
        reported += period.start <= reported_on <= period.end
        repaired += bool(repaired_on and period.start <= repaired_on <= period.end)
        open_ += repaired_on is None
        rows.append(
            [
                r.equipment.name,
                r.quantity,
                r.description,
                reported_on,
                repaired_on,
                (repaired_on - reported_on).days if repaired_on else None,
                r.repair_note,
            ]
        )
    return Section(
        _("Equipment damage and repairs"),
        figures=[
            Figure(_("Damage reported"), reported),
            Figure(_("Repaired"), repaired),
            Figure(_("Still out of service"), open_),
        ],
        tables=[
            Table(
                _("Damage reports"),
                [
                    Column(_("Item"), 16),
                    Column(_("Units"), 5, True),
                    Column(_("Damage"), 30),
                    Column(_("Reported"), 10),
                    Column(_("Repaired"), 10),
                    Column(_("Days"), 5, True),
                    Column(_("Repair"), 24),
                ],
                rows,
                empty=_("No damage was reported."),
            )
        ],
    )


def step_compliance_rows(period: Period, service: str | None = None) -> list[list]:
    """How often each SOP step met its standard time (Mutu Baku), per step, in SOP order."""
    from reservations.roles import Role as Roles
    from reservations.standards import step_compliance

    services = [service] if service else [Service.VISIT, Service.MEETING_ROOM]
    rows = []
    for code in services:
        for step in step_compliance(period.start, period.end, code):
            rows.append(
                [
                    service_label(code),
                    step.label,
                    str(Roles(step.role).label) if step.role in Roles.values else step.role,
                    step.standard_minutes,
                    step.total,
                    step.met,
                    percent(step.met, step.total),
                ]
            )
    return rows


def standards_section(period: Period, service: str | None = None) -> Section:
    rows = step_compliance_rows(period, service)
    total = sum(r[4] for r in rows)
    met = sum(r[5] for r in rows)
    return Section(
        _("Standard times (Mutu Baku)"),
        paragraphs=[
            _(
                "How often each step of the SOP was taken within its standard time, counting "
                "office hours only."
            )
        ],
        figures=[Figure(_("Steps within their standard time"), percent(met, total), "%")],
        tables=[
            Table(
                _("Steps and their standard times"),
                [
                    Column(_("Service"), 18),
                    Column(_("Step"), 20),
                    Column(_("Role"), 18),
                    Column(_("Standard (minutes)"), 8, True),
                    Column(_("Times taken"), 8, True),
                    Column(_("Within standard"), 8, True),
                    Column(_("%"), 6, True),
                ],
                rows,
                footer=[_("Total"), "", "", "", total, met, percent(met, total)],
                empty=_("No step was taken in this period."),
            )
        ],
    )


# ---------------------------------------------------------------- the reports


def coworking_quarter_report(period: Period) -> Report:
    figures = coworking_figures(period)
    return Report(
        key="coworking-triwulan",
        title=_("Quarterly report of the co-working space (Start Up Hub)"),
        period=period,
        sections=[
            coworking_section(period, figures),
            complaints_section(period, Service.COWORKING),
            satisfaction_section(period, Service.COWORKING, figures["totals"]["sessions"]),
        ],
        signatures=standard_signatures(),
    )


def visits_quarter_report(period: Period) -> Report:
    return Report(
        key="kunjungan-triwulan",
        title=_("Quarterly report of visits to the Pontive Center"),
        period=period,
        sections=[
            visits_section(period),
            standards_section(period, Service.VISIT),
            complaints_section(period, Service.VISIT),
            satisfaction_section(period, Service.VISIT, delivered_count(period, Service.VISIT)),
        ],
        signatures=standard_signatures(),
    )


def meetingroom_month_report(period: Period) -> Report:
    return Report(
        key="ruang-rapat-bulanan",
        title=_("Monthly report of meeting-room loans"),
        period=period,
        sections=[
            loans_section(period),
            equipment_section(period),
            standards_section(period, Service.MEETING_ROOM),
            complaints_section(period, Service.MEETING_ROOM),
            satisfaction_section(
                period, Service.MEETING_ROOM, delivered_count(period, Service.MEETING_ROOM)
            ),
        ],
        signatures=standard_signatures(),
    )


def annual_report(period: Period) -> Report:
    cw = coworking_figures(period)
    delivered = {
        Service.COWORKING: cw["totals"]["sessions"],
        Service.VISIT: delivered_count(period, Service.VISIT),
        Service.MEETING_ROOM: delivered_count(period, Service.MEETING_ROOM),
    }
    overall = Section(
        _("The year at a glance"),
        figures=[
            Figure(_("Meeting-room loans that took place"), delivered[Service.MEETING_ROOM]),
            Figure(_("Visits that took place"), delivered[Service.VISIT]),
            Figure(_("Co-working sessions"), delivered[Service.COWORKING]),
        ],
    )
    ikm_rows = []
    for code in Service.values:
        result = ikm.for_period(period.start, period.end, code)
        ikm_rows.append(
            [
                service_label(code),
                delivered[code],
                ikm.sample_size(delivered[code]),
                result.respondents,
                result.unit,
                result.grade or None,
            ]
        )
    all_services = ikm.for_period(period.start, period.end)
    satisfaction = satisfaction_section_from_result(
        all_services,
        delivered=sum(delivered.values()),
        profile=respondent_profile(period),
        title=_("Satisfaction survey (SKM), all services"),
    )
    satisfaction.tables.insert(
        0,
        Table(
            _("Satisfaction per service"),
            [
                Column(_("Service"), 30),
                Column(_("Delivered"), 8, True),
                Column(_("Target"), 8, True),
                Column(_("Received"), 8, True),
                Column(_("IKM"), 8, True),
                Column(_("Grade"), 5),
            ],
            ikm_rows,
        ),
    )
    return Report(
        key="laporan-tahunan",
        title=_("Annual operational report of the Pontive Center"),
        period=period,
        sections=[
            overall,
            loans_section(period, listing=False),
            visits_section(period, listing=False),
            coworking_section(period, cw),
            equipment_section(period),
            standards_section(period),
            complaints_section(period),
            satisfaction,
        ],
        signatures=standard_signatures(),
    )


# name in the URL → (period kind, builder, title, roles who may read it)
REPORTS = {
    "ruang-rapat": ("month", meetingroom_month_report),
    "kunjungan": ("quarter", visits_quarter_report),
    "coworking": ("quarter", coworking_quarter_report),
    "tahunan": ("year", annual_report),
}


def report_title(name: str) -> str:
    return {
        "ruang-rapat": _("Monthly report of meeting-room loans"),
        "kunjungan": _("Quarterly report of visits"),
        "coworking": _("Quarterly report of the co-working space"),
        "tahunan": _("Annual operational report"),
    }[name]


def element_label(code: str) -> str:
    return str(Element(code).label)
