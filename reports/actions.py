"""What the office does with its evaluation: the recap chain, the survey, complaints.

Each action checks the current state and the actor's role, changes the state,
records who did it (``RecapEvent``), and queues the emails in the same
transaction. Errors carry a code (checked by tests and JSON) and are turned
into a sentence in the user's language at the edge (``ReportError.message``).
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import secrets
from collections.abc import Mapping

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reservations.codes import new_code
from reservations.models import Service
from reservations.notifications import queue_email
from reservations.privacy import PRIVACY_NOTICE_VERSION
from reservations.roles import Role, has_role
from reservations.text import clean_name

from . import content
from .models import (
    Complaint,
    ComplaintChannel,
    ComplaintStatus,
    CorrectionField,
    Element,
    MonthlyRecap,
    RecapCorrection,
    RecapEvent,
    RecapNote,
    RecapState,
    RecapVersion,
    SurveyAnswer,
    SurveyInvitation,
    SurveyResponse,
)
from .periods import Period, month_before

MESSAGES = {
    "wrong_role": gettext_lazy("Your role may not take this step."),
    "wrong_state": gettext_lazy("This recap is not at that step any more; reload the page."),
    "month_not_over": gettext_lazy("A month can be recapped only once it is over."),
    "exists": gettext_lazy("The recap of that month has already been prepared."),
    "unknown_row": gettext_lazy("There is no session with that row number in this version."),
    "bad_time": gettext_lazy("Write the time as HH:MM, for example 08:30."),
    "in_after_out": gettext_lazy("The check-in time must be before the check-out time."),
    "empty_value": gettext_lazy("Write the corrected value."),
    "no_change": gettext_lazy("The value is already like that; nothing was corrected."),
    "reason_required": gettext_lazy("Say why the value is corrected."),
    "empty_note": gettext_lazy("Write the note first."),
    "unknown_link": gettext_lazy("This survey link is not valid."),
    "already_answered": gettext_lazy(
        "This questionnaire has already been answered. Thank you for your time!"
    ),
    "expired": gettext_lazy("This survey link has expired."),
    "incomplete": gettext_lazy("Please answer all nine questions."),
    "already_answered_complaint": gettext_lazy("This complaint has already been answered."),
    "empty_answer": gettext_lazy("Write the answer to the complaint."),
}


class ReportError(Exception):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code

    @property
    def message(self) -> str:
        return str(MESSAGES.get(self.code, self.code))


def _role_of(user, role: str) -> str:
    if not has_role(user, role):
        raise ReportError("wrong_role")
    return role if not user.is_superuser or user.groups.filter(name=role).exists() else "superuser"


def _name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def _staff_emails(role: str) -> list[str]:
    return list(
        get_user_model()
        .objects.filter(groups__name=role, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )


def _tell_role(role: str, *, key: str, subject: str, recap: MonthlyRecap, step: str) -> None:
    url = settings.SITE_URL + reverse("reports:recap", args=[recap.slug])
    for email in _staff_emails(role):
        queue_email(
            key=f"{key}:{email}",
            to=email,
            subject=subject,
            template="reports/email/recap_step",
            context={"recap": recap, "period": recap_period(recap), "url": url, "step": step},
        )


def recap_period(recap: MonthlyRecap) -> Period:
    from .periods import month

    return month(recap.month.year, recap.month.month)


def _event(recap, action, from_state, *, by, role, note="", version=None) -> RecapEvent:
    return RecapEvent.objects.create(
        recap=recap,
        action=action,
        from_state=from_state,
        to_state=recap.state,
        version_number=version.number if version else None,
        actor=by,
        actor_name=_name(by),
        role=role,
        note=note,
    )


def _locked(recap: MonthlyRecap) -> MonthlyRecap:
    # Two staff clicking the same step at once: the second waits, then sees the new state.
    return MonthlyRecap.objects.select_for_update().get(pk=recap.pk)


# ---------------------------------------------------------------- the recap chain


@transaction.atomic
def prepare_recap(*, period: Period, by=None, today: dt.date | None = None) -> MonthlyRecap:
    """The Admin (or the periodic job, ``by=None``) prepares the recap of a month that is over."""
    role = _role_of(by, Role.ADMIN) if by is not None else "system"
    today = today or timezone.localdate()
    if not period.has_ended(today):
        raise ReportError("month_not_over")
    if MonthlyRecap.objects.filter(month=period.start).exists():
        raise ReportError("exists")
    try:
        with transaction.atomic():
            recap = MonthlyRecap.objects.create(month=period.start)
    except IntegrityError:  # the periodic job and the Admin at the same moment
        raise ReportError("exists") from None
    version = RecapVersion.objects.create(
        recap=recap,
        number=1,
        content=content.recap_snapshot(period),
        made_by=by,
        made_by_name=_name(by),
        role=role,
        reason=_("Prepared"),
    )
    recap.current_version = version
    recap.save(update_fields=["current_version"])
    _event(recap, "prepare", "", by=by, role=role, version=version)
    for email in _staff_emails(Role.ADMIN):
        queue_email(
            key=f"recap:{recap.pk}:prepared:{email}",
            to=email,
            subject=_("The co-working recap of %(month)s is ready to check")
            % {"month": period.label},
            template="reports/email/recap_step",
            context={
                "recap": recap,
                "period": period,
                "url": settings.SITE_URL + reverse("reports:recap", args=[recap.slug]),
                "step": "prepared",
            },
        )
    return recap


def prepare_due_recap(*, today: dt.date | None = None) -> MonthlyRecap | None:
    """On the first service day of a month, prepare last month's recap (once; safe to rerun)."""
    from reservations import calendar

    today = today or timezone.localdate()
    if not calendar.is_service_day(today, Service.COWORKING):
        return None
    first_service_day = calendar.next_service_day(Service.COWORKING, today.replace(day=1))
    # A job that missed the first service day (worker down) still catches up later in the month.
    if first_service_day is None or today < first_service_day:
        return None
    try:
        return prepare_recap(period=month_before(today), today=today)
    except ReportError as error:
        if error.code == "exists":
            return None
        raise


@transaction.atomic
def refresh_recap(*, recap: MonthlyRecap, by) -> MonthlyRecap:
    """The Admin reads the month again before submitting (late check-outs, fixed desks)."""
    role = _role_of(by, Role.ADMIN)
    recap = _locked(recap)
    if recap.state != RecapState.DRAFT:
        raise ReportError("wrong_state")
    version = recap.current_version
    version.content = content.recap_snapshot(recap_period(recap))
    version.made_at = timezone.now()
    version.made_by, version.made_by_name, version.role = by, _name(by), role
    version.reason = _("Read again from the reservations")
    version.save(update_fields=["content", "made_at", "made_by", "made_by_name", "role", "reason"])
    _event(recap, "refresh", recap.state, by=by, role=role, version=version)
    return recap


@transaction.atomic
def submit_recap(*, recap: MonthlyRecap, by, note: str = "") -> MonthlyRecap:
    """The Admin submits the recap to the Kasi; from now on its content is frozen."""
    role = _role_of(by, Role.ADMIN)
    recap = _locked(recap)
    if recap.state != RecapState.DRAFT:
        raise ReportError("wrong_state")
    version = recap.current_version
    version.frozen = True
    version.save(update_fields=["frozen"])
    recap.state = RecapState.SUBMITTED
    recap.submitted_at, recap.submitted_by = timezone.now(), by
    recap.save(update_fields=["state", "submitted_at", "submitted_by"])
    _event(recap, "submit", RecapState.DRAFT, by=by, role=role, note=note, version=version)
    _tell_role(
        Role.KASI,
        key=f"recap:{recap.pk}:submitted",
        subject=_("Co-working recap of %(month)s to review") % {"month": recap_period(recap).label},
        recap=recap,
        step="submitted",
    )
    return recap


def _parse_time(value: str) -> str:
    value = (value or "").strip().replace(".", ":")
    try:
        parsed = dt.time.fromisoformat(value)
    except ValueError:
        raise ReportError("bad_time") from None
    return parsed.strftime("%H:%M")


@transaction.atomic
def correct_recap(
    *, recap: MonthlyRecap, by, row: int, field: str, value: str = "", reason: str
) -> RecapVersion:
    """The Kasi corrects one value of one session; the result is a new frozen version."""
    role = _role_of(by, Role.KASI)
    recap = _locked(recap)
    if recap.state != RecapState.SUBMITTED:
        raise ReportError("wrong_state")
    reason = (reason or "").strip()
    if not reason:
        raise ReportError("reason_required")
    if field not in CorrectionField.values:
        raise ReportError("empty_value")
    current = recap.current_version
    data = copy.deepcopy(current.content)
    sessions = data["sessions"]
    if not 1 <= row <= len(sessions):
        raise ReportError("unknown_row")
    session = sessions[row - 1]
    value = (value or "").strip()
    if field == CorrectionField.REMOVE:
        old, new = f"{session['name']} {session['day']} {session['in']}–{session['out']}", ""
        del sessions[row - 1]
    else:
        key = {
            "name": "name",
            "institution": "institution",
            "desk": "desk",
            "in": "in",
            "out": "out",
        }[field]
        if field in (CorrectionField.CHECK_IN, CorrectionField.CHECK_OUT):
            value = _parse_time(value)
        elif not value and field != CorrectionField.INSTITUTION:
            raise ReportError("empty_value")
        old, new = session[key], value[:200]
        if old == new:
            raise ReportError("no_change")
        session[key] = new
        if field in (CorrectionField.CHECK_IN, CorrectionField.CHECK_OUT):
            if session["in"] >= session["out"]:
                raise ReportError("in_after_out")
            session["minutes"] = content._minutes_between(session["in"], session["out"])
    version = RecapVersion.objects.create(
        recap=recap,
        number=current.number + 1,
        content=data,
        frozen=True,
        made_by=by,
        made_by_name=_name(by),
        role=role,
        reason=_("Correction: %(reason)s") % {"reason": reason[:200]},
    )
    RecapCorrection.objects.create(
        recap=recap,
        version=version,
        row_ref=str(session["id"]),
        row_number=row,
        field=field,
        old_value=str(old)[:200],
        new_value=str(new)[:200],
        reason=reason[:255],
        by=by,
        by_name=_name(by),
    )
    recap.current_version = version
    recap.save(update_fields=["current_version"])
    _event(recap, "correct", recap.state, by=by, role=role, note=reason, version=version)
    return version


@transaction.atomic
def annotate_recap(*, recap: MonthlyRecap, by, text: str) -> RecapNote:
    """The Kasi writes a remark on the version under review; no figure changes."""
    role = _role_of(by, Role.KASI)
    recap = _locked(recap)
    if recap.state != RecapState.SUBMITTED:
        raise ReportError("wrong_state")
    text = (text or "").strip()
    if not text:
        raise ReportError("empty_note")
    note = RecapNote.objects.create(
        recap=recap,
        version_number=recap.current_version.number,
        text=text[:4000],
        by=by,
        by_name=_name(by),
        role=role,
    )
    _event(recap, "annotate", recap.state, by=by, role=role, note=text[:500])
    return note


@transaction.atomic
def forward_recap(*, recap: MonthlyRecap, by, note: str = "") -> MonthlyRecap:
    """The Kasi forwards the reviewed recap to the Kabid TKPBET."""
    role = _role_of(by, Role.KASI)
    recap = _locked(recap)
    if recap.state != RecapState.SUBMITTED:
        raise ReportError("wrong_state")
    recap.state = RecapState.FORWARDED
    recap.forwarded_at, recap.forwarded_by = timezone.now(), by
    recap.save(update_fields=["state", "forwarded_at", "forwarded_by"])
    _event(
        recap,
        "forward",
        RecapState.SUBMITTED,
        by=by,
        role=role,
        note=note,
        version=recap.current_version,
    )
    _tell_role(
        Role.KABID,
        key=f"recap:{recap.pk}:forwarded",
        subject=_("Co-working recap of %(month)s for your evaluation")
        % {"month": recap_period(recap).label},
        recap=recap,
        step="forwarded",
    )
    return recap


@transaction.atomic
def acknowledge_recap(*, recap: MonthlyRecap, by, note: str = "") -> MonthlyRecap:
    """The Kabid TKPBET receives the recap as evaluation material."""
    role = _role_of(by, Role.KABID)
    recap = _locked(recap)
    if recap.state != RecapState.FORWARDED:
        raise ReportError("wrong_state")
    recap.state = RecapState.ACKNOWLEDGED
    recap.acknowledged_at, recap.acknowledged_by = timezone.now(), by
    recap.save(update_fields=["state", "acknowledged_at", "acknowledged_by"])
    _event(
        recap,
        "acknowledge",
        RecapState.FORWARDED,
        by=by,
        role=role,
        note=note,
        version=recap.current_version,
    )
    return recap


# ---------------------------------------------------------------- the satisfaction survey


def _hash(token: str, purpose: str) -> str:
    return hashlib.sha256(f"{purpose}:{token}".encode()).hexdigest()


def invite_to_survey(
    *, service: str, subject: str, email: str, delivered_on: dt.date, language: str = ""
) -> SurveyInvitation | None:
    """Send the questionnaire link for one delivered service (call it inside the delivering
    action's transaction). A second call for the same ``subject`` does nothing."""
    if not email or service not in Service.values:
        return None
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    try:
        with transaction.atomic():
            invitation = SurveyInvitation.objects.create(
                subject=subject[:80],
                service=service,
                delivered_on=delivered_on,
                email=email,
                token_hash=_hash(token, "link"),
                created_at=now,
                expires_at=now + dt.timedelta(days=settings.PONTIVE.get("SURVEY_LINK_DAYS", 30)),
            )
    except IntegrityError:  # this service already has its invitation
        return None
    with translation.override(language or translation.get_language() or "id"):
        _queue_invitation(invitation, token, subject, service, delivered_on, email)
    return invitation


def invite_to_survey_on_delivery(
    sender,
    *,
    service: str,
    subject: str,
    email: str,
    delivered_on: dt.date,
    language: str = "",
    **kwargs,
) -> None:
    """Receiver of ``reservations.signals.service_delivered``."""
    invite_to_survey(
        service=service,
        subject=subject,
        email=email,
        delivered_on=delivered_on,
        language=language,
    )


def _queue_invitation(invitation, token, subject, service, delivered_on, email) -> None:
    queue_email(
        key=f"survey:{subject}",
        to=email,
        subject=_("How was our service? A short questionnaire (2 minutes)"),
        template="reports/email/survey_invitation",
        context={
            "url": settings.SITE_URL + reverse("reports:survey", args=[token]),
            "service": content.service_label(service),
            "delivered_on": delivered_on,
            "expires_at": invitation.expires_at,
        },
    )


def invitation_for(token: str) -> SurveyInvitation:
    invitation = SurveyInvitation.objects.filter(token_hash=_hash(token or "", "link")).first()
    if invitation is None:
        raise ReportError("unknown_link")
    return invitation


@transaction.atomic
def answer_survey(
    *,
    token: str,
    answers: Mapping[str, int],
    sex: str,
    age: int,
    education: str,
    occupation: str,
    suggestion: str = "",
) -> SurveyResponse:
    """Record one questionnaire. The answer keeps no link to the invitation or the email."""
    # The same link submitted twice at once (a double click): the second waits, then is refused.
    invitation = (
        SurveyInvitation.objects.select_for_update()
        .filter(token_hash=_hash(token or "", "link"))
        .first()
    )
    if invitation is None:
        raise ReportError("unknown_link")
    if invitation.answered_at is not None:
        raise ReportError("already_answered")
    if invitation.expires_at <= timezone.now():
        raise ReportError("expired")
    scores = {code: int(answers.get(code) or 0) for code in Element.values}
    if any(not 1 <= score <= 4 for score in scores.values()):
        raise ReportError("incomplete")
    response = SurveyResponse.objects.create(
        ballot=_hash(token, "ballot"),
        service=invitation.service,
        service_date=invitation.delivered_on,
        submitted_on=timezone.localdate(),
        sex=sex,
        age=age,
        education=education,
        occupation=occupation,
        suggestion=(suggestion or "").strip()[:2000],
    )
    SurveyAnswer.objects.bulk_create(
        SurveyAnswer(response=response, element=code, score=score) for code, score in scores.items()
    )
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["answered_at"])
    return response


# ---------------------------------------------------------------- complaints


@transaction.atomic
def file_complaint(
    *,
    service: str,
    name: str,
    email: str,
    phone: str,
    message: str,
    channel: str = ComplaintChannel.WEB,
) -> Complaint:
    """A citizen files a complaint about a service; the Admin is told, the citizen gets a code."""
    complaint = Complaint.objects.create(
        code=new_code("ADU"),
        service=service,
        channel=channel,
        name=clean_name(name)[:120],
        email=email,
        phone=phone,
        message=message.strip(),
        privacy_version=PRIVACY_NOTICE_VERSION,
        received_on=timezone.localdate(),
    )
    context = {
        "complaint": complaint,
        "service": content.service_label(service),
        "url": settings.SITE_URL + reverse("reports:complaints"),
    }
    if email:
        queue_email(
            key=f"complaint:{complaint.code}:received",
            to=email,
            subject=_("We received your complaint"),
            template="reports/email/complaint_received",
            context=context,
        )
    for staff_email in _staff_emails(Role.ADMIN):
        queue_email(
            key=f"complaint:{complaint.code}:admin:{staff_email}",
            to=staff_email,
            subject=_("New complaint about %(service)s") % {"service": context["service"]},
            template="reports/email/complaint_new",
            context=context,
        )
    return complaint


@transaction.atomic
def answer_complaint(*, complaint: Complaint, by, answer: str) -> Complaint:
    """The Admin answers a complaint; the answer goes to the citizen by email."""
    _role_of(by, Role.ADMIN)
    # Two admins answering the same complaint at once: one answer wins, the other is told.
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if complaint.status == ComplaintStatus.ANSWERED:
        raise ReportError("already_answered_complaint")
    answer = (answer or "").strip()
    if not answer:
        raise ReportError("empty_answer")
    complaint.status = ComplaintStatus.ANSWERED
    complaint.answer = answer
    complaint.answered_by = by
    complaint.answered_at = timezone.now()
    complaint.save(update_fields=["status", "answer", "answered_by", "answered_at"])
    if complaint.email:
        queue_email(
            key=f"complaint:{complaint.code}:answered",
            to=complaint.email,
            subject=_("Answer to your complaint"),
            template="reports/email/complaint_answered",
            context={"complaint": complaint, "service": content.service_label(complaint.service)},
        )
    return complaint
