"""The steps of a visit or meeting-room request, named after what the office does.

Each action locks the request, checks that it waits for this step and that the
actor holds the step's role (``workflow.STEPS``), changes it, writes the history
row (who, in which role, when, why, and the step's time against its SOP
standard), and queues the emails in the same transaction. Views, the admin,
tasks and commands call these; none repeats their rules.

``actor=None`` is the applicant (reached through the status page).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import availability, dates, ics, notifications, tracking, workflow
from .codes import new_code
from .errors import RequestRefused
from .models import (
    AgendaCounter,
    Disposition,
    EventPhoto,
    Instruction,
    LeadershipBlock,
    Resource,
    SecurityClass,
    Service,
    ServiceRequest,
    Urgency,
)
from .models import RequestState as S
from .models import RequestTransition as Transition
from .officetime import office_minutes
from .privacy import PRIVACY_NOTICE_VERSION
from .roles import Role, has_role
from .signals import service_delivered
from .text import clean_name
from .workflow import APPLICANT

# Staff steps whose time counts against the SOP standard of the inbox they leave.
MEASURED = {
    "receive_request",
    "register_letter",
    "dispose_to_kabid",
    "dispose_to_kasi",
    "confirm_schedule",
    "propose_reschedule",
    "schedule_request",
    "reject_request",
}
URGENCY_HOURS = {Urgency.SEGERA: 48, Urgency.AMAT_SEGERA: 24}


# ---------------------------------------------------------------- the machinery


def _pk(obj) -> int:
    return obj.pk if hasattr(obj, "pk") else int(obj)


def _lock(service_request) -> ServiceRequest:
    # Two staff taking the same step at once: the second waits here, then finds
    # the state already moved and is refused with "not_waiting".
    return (
        ServiceRequest.objects.select_for_update(of=("self",))
        .select_related("resource")
        .get(pk=_pk(service_request))
    )


def _lock_room_then_request(service_request) -> ServiceRequest:
    # Two confirmations (or a confirmation and a leadership blocking) of one room
    # at once must not both see the slot free: the room's row serialises them.
    # Room before request, always, so two actions never wait on each other.
    pk = _pk(service_request)
    resource_id = ServiceRequest.objects.filter(pk=pk).values_list("resource_id", flat=True).get()
    Resource.objects.select_for_update().get(pk=resource_id)
    return _lock(pk)


def _role_label(role: str) -> str:
    return str(workflow.ROLE_LABELS.get(role, role))


def _authorise(action: str, req: ServiceRequest, actor) -> str:
    """The role in which ``actor`` takes ``action`` on ``req``, or RequestRefused."""
    step = workflow.STEPS[action]
    staff_roles = [role for role in step.roles if role in Role.values]
    if actor is None:
        if APPLICANT not in step.roles:
            raise RequestRefused("wrong_role", role=_role_label(staff_roles[0]))
    elif not any(has_role(actor, role) for role in staff_roles):
        raise RequestRefused("wrong_role", role=_role_label((staff_roles or step.roles)[0]))
    if req.state not in step.sources:
        if workflow.not_due_yet(action, req.state):
            raise RequestRefused("not_due_yet", state=req.get_state_display())
        raise RequestRefused("not_waiting", state=req.get_state_display())
    if actor is None:
        return APPLICANT
    allowed = [r for r in workflow.roles_for(action, req.state) if r in Role.values]
    held = [role for role in allowed if has_role(actor, role)]
    if not held:
        owner = allowed[0] if allowed else step.roles[0]
        raise RequestRefused("wrong_role", role=_role_label(owner))
    return held[0]


def _advance(
    req: ServiceRequest,
    action: str,
    to_state: str,
    *,
    actor,
    role: str,
    note: str = "",
    public_note: str = "",
    now: dt.datetime,
    fields: Iterable[str] = (),
) -> Transition:
    step = workflow.STEPS[action]
    if to_state not in step.targets:  # a programming error, never a user's
        raise ValueError(f"{action} cannot lead to {to_state}")
    from_state = req.state
    standard = minutes = None
    if action in MEASURED and role == workflow.STAFF_INBOXES.get(from_state):
        standard = workflow.standard_for(req.service, from_state)
        minutes = office_minutes(req.state_since, now)
    update = ["state", "updated_at", *fields]
    if to_state != from_state:
        req.state_since = now
        update.append("state_since")
    req.state = to_state
    try:
        with transaction.atomic():
            req.save(update_fields=update)
    except IntegrityError:
        # Only the exclusion constraint (PostgreSQL) can get here: the room's
        # row lock makes this unreachable unless someone bypassed the actions.
        clash = availability.approved_clash(req.resource_id, req.start, req.end, exclude_pk=req.pk)
        raise RequestRefused(
            "slot_taken",
            resource=req.resource.name,
            start=dates.long_datetime(clash.start) if clash else "",
            end=dates.clock(clash.end) if clash else "",
            institution=clash.institution if clash else "",
        ) from None
    if actor is not None:
        # Acting on a request means its disposition to you was read (SRIKANDI).
        req.dispositions.filter(to_role=role, read_at__isnull=True).update(read_at=now)
    transition = Transition.objects.create(
        request=req,
        action=action,
        from_state=from_state,
        to_state=to_state,
        actor=actor,
        actor_name=(actor.get_full_name() or actor.get_username()) if actor else "",
        role=role,
        at=now,
        note=note.strip(),
        public_note=public_note.strip(),
        standard_minutes=standard,
        office_minutes=minutes,
    )
    _notify(req, transition, step)
    return transition


# ---------------------------------------------------------------- emails


def _when(req: ServiceRequest, start=None, end=None) -> str:
    start, end = start or req.start, end or req.end
    return f"{dates.long_date(start)}, {dates.clock(start)}–{dates.clock(end)}"


def _subject(req: ServiceRequest, transition: Transition) -> str:
    service = req.get_service_display()
    subjects = {
        S.CONFIRMED: _("Schedule confirmed: %(service)s on %(date)s"),
        S.SCHEDULED: _("Approved: %(service)s on %(date)s"),
        S.RESCHEDULE_PROPOSED: _("A new time is proposed for your request (%(service)s)"),
        S.EQUIPMENT_SHORT: _("Not all equipment is free: go ahead without it?"),
        S.RESCHEDULING: _("Your booking must move: the leadership needs the room on %(date)s"),
        S.WITH_KASI: _("We received your answer (%(service)s)"),
        S.REJECTED: _("Your request was not approved (%(service)s)"),
        S.CANCELLED: _("Cancelled: %(service)s on %(date)s"),
        S.COMPLETED: _("Thank you for coming to the Pontive Center"),
        S.NO_SHOW: _("We missed you at the Pontive Center on %(date)s"),
    }
    template = subjects.get(transition.to_state, _("Update on your request (%(service)s)"))
    return template % {"service": service, "date": dates.long_date(req.start)}


def _ics(req: ServiceRequest) -> tuple[str, bytes, str]:
    content = ics.calendar_entry(
        subject=f"reservations.servicerequest:{req.pk}",
        summary=f"{req.get_service_display()} — {req.resource.name}",
        start=req.start,
        end=req.end,
        location="Pontive Center, Diskominfo Kota Pontianak",
    )
    return ("pontive-center.ics", content, "text/calendar")


def _email_applicant(req: ServiceRequest, transition: Transition) -> None:
    with translation.override(req.language):
        context = {
            "req": req,
            "transition": transition,
            "service": req.get_service_display(),
            "state": req.get_state_display(),
            "when": _when(req),
            "proposed": (
                _when(req, req.proposed_start, req.proposed_end) if req.proposed_start else ""
            ),
            "next": workflow.NEXT.get(req.state, ""),
            "status_url": tracking.status_url(req),
            "shortfall": (
                availability.equipment_shortfall(req) if req.state == S.EQUIPMENT_SHORT else []
            ),
        }
        if transition.action == "submit_request":
            subject = _("Your request %(code)s has been received") % {"code": req.code}
            template = "reservations/email/request_submitted"
        else:
            subject = _subject(req, transition)
            template = "reservations/email/request_update"
        notifications.queue_email(
            key=f"request:{req.pk}:step:{transition.pk}",
            to=req.email,
            subject=subject,
            template=template,
            context=context,
            attachments=[_ics(req)] if req.state == S.SCHEDULED else [],
        )


def _email_staff(req: ServiceRequest, transition: Transition, role: str) -> None:
    users = (
        get_user_model()
        .objects.filter(groups__name=role, is_active=True)
        .exclude(email="")
        .exclude(pk=transition.actor_id or 0)
        .distinct()
    )
    url = settings.SITE_URL + reverse("admin:reservations_servicerequest_change", args=[req.pk])
    for user in users:
        with translation.override(settings.LANGUAGE_CODE):
            notifications.queue_email(
                key=f"request:{req.pk}:step:{transition.pk}:staff:{user.pk}",
                to=user.email,
                subject=_("Waiting for you: %(service)s, %(institution)s, %(date)s")
                % {
                    "service": req.get_service_display(),
                    "institution": req.institution,
                    "date": dates.long_date(req.start),
                },
                template="reservations/email/staff_inbox",
                context={
                    "req": req,
                    "transition": transition,
                    "state": req.get_state_display(),
                    "when": _when(req),
                    "url": url,
                    "role": _role_label(role),
                },
            )


def _notify(req: ServiceRequest, transition: Transition, step: workflow.Step) -> None:
    if step.tell_applicant:
        _email_applicant(req, transition)
    inbox = workflow.STAFF_INBOXES.get(transition.to_state)
    if inbox and transition.to_state != transition.from_state:
        _email_staff(req, transition, inbox)


# ---------------------------------------------------------------- the applicant's steps


@transaction.atomic
def submit_request(
    *,
    service: str,
    institution: str,
    institution_kind: str,
    contact_name: str,
    email: str,
    phone: str,
    participants: int,
    start: dt.datetime,
    end: dt.datetime,
    purpose: str,
    letter,
    event_title: str = "",
    no_buffet: bool = False,
    equipment: dict[int, int] | None = None,
    accepts_equipment_shortfall: bool = False,
    language: str = "id",
    now: dt.datetime | None = None,
) -> ServiceRequest:
    """The applicant sends the form and the letter (SOP step 1)."""
    now = now or timezone.now()
    if service not in tracking.PREFIXES:
        raise ValueError(f"{service!r} is not a requested service")
    resource = availability.resource_for(service)
    if resource is None:
        raise RequestRefused("no_resource")
    problem = availability.slot_problem(service, resource, start, end, now=now)
    if problem:
        raise problem
    if resource.capacity and participants > resource.capacity:
        raise RequestRefused("over_capacity", resource=resource.name, capacity=resource.capacity)
    if service == Service.MEETING_ROOM and not no_buffet:
        raise RequestRefused("no_buffet")
    req = ServiceRequest(
        service=service,
        code=new_code(tracking.PREFIXES[service]),
        state=S.SUBMITTED,
        state_since=now,
        resource=resource,
        institution=clean_name(institution),
        institution_kind=institution_kind,
        contact_name=clean_name(contact_name),
        email=email.strip(),
        phone=phone,
        participants=participants,
        start=start,
        end=end,
        purpose=purpose.strip(),
        event_title=event_title.strip(),
        no_buffet=no_buffet,
        accepts_equipment_shortfall=accepts_equipment_shortfall,
        language=language if language in ("id", "en") else "id",
        privacy_version=PRIVACY_NOTICE_VERSION,
    )
    req.letter = letter
    req.save()
    if equipment:
        hooks = availability._equipment_hooks.get(service)
        if hooks is None:
            raise ValueError(f"{service} lends no equipment")
        hooks.ask_for(req, equipment)
    transition = Transition.objects.create(
        request=req,
        action="submit_request",
        from_state="",
        to_state=S.SUBMITTED,
        role=APPLICANT,
        at=now,
    )
    _notify(req, transition, workflow.STEPS["submit_request"])
    return req


@transaction.atomic
def accept_reschedule(*, service_request, now: dt.datetime | None = None) -> ServiceRequest:
    """The applicant accepts the time the Kasi proposed; the slot is held if still free."""
    now = now or timezone.now()
    req = _lock_room_then_request(service_request)
    _authorise("accept_reschedule", req, None)
    if req.proposed_start is None:
        raise RequestRefused("nothing_proposed")
    req.start, req.end = req.proposed_start, req.proposed_end
    req.proposed_start = req.proposed_end = None
    fields = ["start", "end", "proposed_start", "proposed_end"]
    _hold_for_applicant(req, "accept_reschedule", now=now, fields=fields)
    return req


@transaction.atomic
def decline_reschedule(
    *, service_request, reason: str = "", now: dt.datetime | None = None
) -> ServiceRequest:
    """The applicant declines the proposed time; the Kasi looks for another with them."""
    now = now or timezone.now()
    req = _lock(service_request)
    _authorise("decline_reschedule", req, None)
    req.proposed_start = req.proposed_end = None
    _advance(
        req,
        "decline_reschedule",
        S.WITH_KASI,
        actor=None,
        role=APPLICANT,
        public_note=reason,
        now=now,
        fields=["proposed_start", "proposed_end"],
    )
    return req


@transaction.atomic
def accept_equipment_shortfall(
    *, service_request, now: dt.datetime | None = None
) -> ServiceRequest:
    """The applicant goes ahead without the equipment that is not free (e-PesanRuangan step 6)."""
    now = now or timezone.now()
    req = _lock_room_then_request(service_request)
    _authorise("accept_equipment_shortfall", req, None)
    req.accepts_equipment_shortfall = True
    _hold_for_applicant(
        req, "accept_equipment_shortfall", now=now, fields=["accepts_equipment_shortfall"]
    )
    return req


def _hold_for_applicant(req: ServiceRequest, action: str, *, now, fields) -> None:
    # The applicant's answer cannot be refused for a clash they could not see:
    # the request goes back to the Kasi, who proposes another time.
    problem = availability.slot_problem(
        req.service, req.resource, req.start, req.end, exclude_pk=req.pk,
        override_lead_time=True, now=now,
    )  # fmt: skip
    if problem:
        _advance(
            req,
            action,
            S.WITH_KASI,
            actor=None,
            role=APPLICANT,
            note=problem.message,
            public_note=_(
                "That time is no longer free; the office will propose another time to you."
            ),
            now=now,
            fields=fields,
        )
        return
    shortfall = availability.equipment_shortfall(req)
    if shortfall and not req.accepts_equipment_shortfall:
        _advance(req, action, S.EQUIPMENT_SHORT, actor=None, role=APPLICANT, now=now, fields=fields)
        return
    availability.grant_equipment(req)
    _advance(req, action, S.CONFIRMED, actor=None, role=APPLICANT, now=now, fields=fields)


# ---------------------------------------------------------------- the office's steps


@transaction.atomic
def receive_request(
    *, service_request, actor, note: str = "", now: dt.datetime | None = None
) -> ServiceRequest:
    """The Admin receives the request and forwards it to the Sekretariat (SOP step 2)."""
    now = now or timezone.now()
    req = _lock(service_request)
    role = _authorise("receive_request", req, actor)
    _advance(req, "receive_request", S.RECEIVED, actor=actor, role=role, note=note, now=now)
    return req


@transaction.atomic
def register_letter(
    *,
    service_request,
    actor,
    letter_number: str,
    letter_date: dt.date,
    srikandi_ref: str = "",
    note: str = "",
    now: dt.datetime | None = None,
) -> ServiceRequest:
    """The Sekretariat registers the letter as surat masuk with the next agenda number (step 3)."""
    now = now or timezone.now()
    req = _lock(service_request)
    role = _authorise("register_letter", req, actor)
    if letter_date > timezone.localdate(now):
        raise RequestRefused("letter_date_future")
    year = timezone.localdate(now).year
    try:
        with transaction.atomic():
            AgendaCounter.objects.get_or_create(year=year)
    except IntegrityError:  # another registration created this year's counter first
        pass
    # Two letters registered at once must not get the same number, and a rolled
    # back registration must not leave a gap: the counter row is locked and
    # incremented in the registration's own transaction.
    counter = AgendaCounter.objects.select_for_update().get(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    req.agenda_year, req.agenda_number = year, counter.last_number
    req.letter_number, req.letter_date = letter_number.strip(), letter_date
    req.srikandi_ref, req.registered_at = srikandi_ref.strip(), now
    _advance(
        req,
        "register_letter",
        S.REGISTERED,
        actor=actor,
        role=role,
        note=note,
        now=now,
        fields=[
            "agenda_year",
            "agenda_number",
            "letter_number",
            "letter_date",
            "srikandi_ref",
            "registered_at",
        ],
    )
    return req


def due_at_for(urgency: str, due_date: dt.date | None, *, now: dt.datetime) -> dt.datetime | None:
    """The disposition's deadline: Segera within 2×24 h, Amat Segera within 24 h (REFERENCE.md)."""
    limit = now + dt.timedelta(hours=URGENCY_HOURS[urgency]) if urgency in URGENCY_HOURS else None
    if due_date is None:
        return limit
    if due_date < timezone.localdate(now):
        raise RequestRefused("deadline_past")
    if limit is not None and due_date > timezone.localdate(limit):
        raise RequestRefused(
            "deadline_too_late",
            urgency=Urgency(urgency).label,
            latest=dates.long_datetime(limit),
        )
    end_of_day = timezone.make_aware(dt.datetime.combine(due_date, dt.time(23, 59)))
    return min(end_of_day, limit) if limit else end_of_day


def _dispose(
    req: ServiceRequest,
    action: str,
    *,
    actor,
    role: str,
    to_role: str,
    to_state: str,
    instructions: Iterable[str],
    security_class: str,
    urgency: str,
    due_date: dt.date | None,
    note: str,
    signer_nip: str,
    now: dt.datetime,
) -> Disposition:
    instructions = list(dict.fromkeys(instructions))
    unknown = set(instructions) - set(Instruction.values)
    if unknown or security_class not in SecurityClass.values or urgency not in Urgency.values:
        raise ValueError("unknown instruction, security class or urgency")
    disposition = Disposition.objects.create(
        request=req,
        from_role=role,
        to_role=to_role,
        instructions=instructions,
        security_class=security_class,
        urgency=urgency,
        due_at=due_at_for(urgency, due_date, now=now),
        note=note.strip(),
        signer=actor,
        signer_name=actor.get_full_name() or actor.get_username(),
        signer_nip=signer_nip.strip(),
        signed_at=now,
    )
    _advance(req, action, to_state, actor=actor, role=role, note=note, now=now)
    return disposition


@transaction.atomic
def dispose_to_kabid(
    *,
    service_request,
    actor,
    instructions: Iterable[str],
    security_class: str = SecurityClass.BIASA,
    urgency: str = Urgency.BIASA,
    due_date: dt.date | None = None,
    note: str = "",
    signer_nip: str = "",
    now: dt.datetime | None = None,
) -> Disposition:
    """The Kadis studies the letter and disposes it to the Kabid TKPBET (SOP step 4)."""
    now = now or timezone.now()
    req = _lock(service_request)
    role = _authorise("dispose_to_kabid", req, actor)
    return _dispose(
        req, "dispose_to_kabid", actor=actor, role=role, to_role=Role.KABID,
        to_state=S.WITH_KABID, instructions=instructions, security_class=security_class,
        urgency=urgency, due_date=due_date, note=note, signer_nip=signer_nip, now=now,
    )  # fmt: skip


@transaction.atomic
def dispose_to_kasi(
    *,
    service_request,
    actor,
    instructions: Iterable[str],
    security_class: str = SecurityClass.BIASA,
    urgency: str = Urgency.BIASA,
    due_date: dt.date | None = None,
    note: str = "",
    signer_nip: str = "",
    now: dt.datetime | None = None,
) -> Disposition:
    """The Kabid TKPBET studies the disposition and disposes to the Kasi PK&AI (SOP step 5)."""
    now = now or timezone.now()
    req = _lock(service_request)
    role = _authorise("dispose_to_kasi", req, actor)
    return _dispose(
        req, "dispose_to_kasi", actor=actor, role=role, to_role=Role.KASI,
        to_state=S.WITH_KASI, instructions=instructions, security_class=security_class,
        urgency=urgency, due_date=due_date, note=note, signer_nip=signer_nip, now=now,
    )  # fmt: skip


def latest_disposition(req: ServiceRequest) -> Disposition | None:
    return req.dispositions.filter(withdrawn_at__isnull=True).order_by("-signed_at", "-pk").first()


@transaction.atomic
def mark_disposition_read(*, service_request, actor, now: dt.datetime | None = None) -> bool:
    """The recipient opened the request: its disposition is read (SRIKANDI: unread → read)."""
    now = now or timezone.now()
    req = _lock(service_request)
    disposition = latest_disposition(req)
    if (
        disposition is None
        or disposition.read_at is not None
        or workflow.STAFF_INBOXES.get(req.state) != disposition.to_role
        or not has_role(actor, disposition.to_role)
        or actor.is_superuser
    ):
        return False
    disposition.read_at = now
    disposition.save(update_fields=["read_at"])
    return True


@transaction.atomic
def withdraw_disposition(
    *, service_request, actor, note: str = "", now: dt.datetime | None = None
) -> ServiceRequest:
    """The sender takes a disposition back while its recipient has not read it yet."""
    now = now or timezone.now()
    req = _lock(service_request)
    role = _authorise("withdraw_disposition", req, actor)
    disposition = latest_disposition(req)
    if disposition is None or disposition.read_at is not None:
        raise RequestRefused("disposition_read")
    disposition.withdrawn_at = now
    disposition.save(update_fields=["withdrawn_at"])
    back = {S.WITH_KABID: S.REGISTERED, S.WITH_KASI: S.WITH_KABID}[req.state]
    _advance(req, "withdraw_disposition", back, actor=actor, role=role, note=note, now=now)
    return req


@transaction.atomic
def confirm_schedule(
    *,
    service_request,
    actor,
    no_buffet_checked: bool = False,
    note: str = "",
    public_note: str = "",
    now: dt.datetime | None = None,
) -> ServiceRequest:
    """The Kasi confirms the time with the applicant; the slot is held from now on (step 6).

    A clash with an approved booking or a leadership blocking is refused: the
    Kasi proposes another time instead. Equipment that is not free in the slot
    turns the request into a question to the applicant.
    """
    now = now or timezone.now()
    req = _lock_room_then_request(service_request)
    role = _authorise("confirm_schedule", req, actor)
    if req.service == Service.MEETING_ROOM and not no_buffet_checked:
        raise RequestRefused("no_buffet")
    problem = availability.slot_problem(
        req.service, req.resource, req.start, req.end, exclude_pk=req.pk,
        override_lead_time=True, now=now,
    )  # fmt: skip
    if problem:
        raise problem
    shortfall = availability.equipment_shortfall(req)
    if shortfall and not req.accepts_equipment_shortfall:
        _advance(
            req, "confirm_schedule", S.EQUIPMENT_SHORT, actor=actor, role=role, note=note,
            public_note=public_note, now=now,
        )  # fmt: skip
        return req
    availability.grant_equipment(req)
    _advance(
        req, "confirm_schedule", S.CONFIRMED, actor=actor, role=role, note=note,
        public_note=public_note, now=now,
    )  # fmt: skip
    return req


@transaction.atomic
def propose_reschedule(
    *,
    service_request,
    actor,
    start: dt.datetime,
    end: dt.datetime,
    public_note: str,
    note: str = "",
    now: dt.datetime | None = None,
) -> ServiceRequest:
    """The Kasi proposes another time (a clash, or the leadership needs the room)."""
    now = now or timezone.now()
    req = _lock(service_request)
    role = _authorise("propose_reschedule", req, actor)
    if not public_note.strip():
        raise RequestRefused("reason_required")
    problem = availability.slot_problem(
        req.service, req.resource, start, end, exclude_pk=req.pk, override_lead_time=True, now=now
    )
    if problem:
        raise problem
    req.proposed_start, req.proposed_end = start, end
    _advance(
        req, "propose_reschedule", S.RESCHEDULE_PROPOSED, actor=actor, role=role, note=note,
        public_note=public_note, now=now, fields=["proposed_start", "proposed_end"],
    )  # fmt: skip
    return req


@transaction.atomic
def schedule_request(
    *, service_request, actor, note: str = "", public_note: str = "", now=None
) -> ServiceRequest:
    """The Admin enters the request into the agenda; the applicant is told it is approved."""
    now = now or timezone.now()
    req = _lock(service_request)
    role = _authorise("schedule_request", req, actor)
    _advance(
        req, "schedule_request", S.SCHEDULED, actor=actor, role=role, note=note,
        public_note=public_note, now=now,
    )  # fmt: skip
    return req


@transaction.atomic
def reject_request(
    *, service_request, actor, reason: str, note: str = "", now: dt.datetime | None = None
) -> ServiceRequest:
    """Whoever holds the request refuses it, with a reason the applicant reads."""
    now = now or timezone.now()
    req = _lock(service_request)
    role = _authorise("reject_request", req, actor)
    if not reason.strip():
        raise RequestRefused("reason_required")
    req.proposed_start = req.proposed_end = None
    _advance(
        req, "reject_request", S.REJECTED, actor=actor, role=role, note=note,
        public_note=reason, now=now, fields=["proposed_start", "proposed_end"],
    )  # fmt: skip
    return req


@transaction.atomic
def cancel_request(
    *, service_request, actor=None, reason: str = "", now: dt.datetime | None = None
) -> ServiceRequest:
    """The applicant cancels (from the status page, or by phone through the Admin)."""
    now = now or timezone.now()
    req = _lock(service_request)
    role = _authorise("cancel_request", req, actor)
    if req.state in (S.SCHEDULED, S.CONFIRMED) and now >= req.start:
        raise RequestRefused("already_started")
    req.proposed_start = req.proposed_end = None
    _advance(
        req, "cancel_request", S.CANCELLED, actor=actor, role=role, public_note=reason,
        now=now, fields=["proposed_start", "proposed_end"],
    )  # fmt: skip
    return req


@transaction.atomic
def complete_request(
    *, service_request, actor, note: str = "", now: dt.datetime | None = None
) -> ServiceRequest:
    """After the event the Admin records that it took place."""
    now = now or timezone.now()
    req = _lock(service_request)
    role = _authorise("complete_request", req, actor)
    if now < req.end:
        raise RequestRefused("not_over_yet")
    _advance(req, "complete_request", S.COMPLETED, actor=actor, role=role, note=note, now=now)
    service_delivered.send(
        sender=ServiceRequest,
        service=req.service,
        subject=f"request:{req.pk}",
        email=req.email,
        delivered_on=timezone.localdate(req.start),
        language=req.language,
    )
    return req


@transaction.atomic
def record_no_show(
    *, service_request, actor, note: str = "", now: dt.datetime | None = None
) -> ServiceRequest:
    """Nobody came: the Admin records a no-show once the start time has passed."""
    now = now or timezone.now()
    req = _lock(service_request)
    role = _authorise("record_no_show", req, actor)
    if now < req.start:
        raise RequestRefused("not_started_yet")
    _advance(req, "record_no_show", S.NO_SHOW, actor=actor, role=role, note=note, now=now)
    return req


@transaction.atomic
def record_event_report(
    *, service_request, actor, note: str, photos: Iterable = (), now: dt.datetime | None = None
) -> ServiceRequest:
    """After the event the Admin uploads photos and a short note for the report to leadership."""
    from .uploads import validate_image

    now = now or timezone.now()
    req = _lock(service_request)
    try:
        role = _authorise("record_event_report", req, actor)
    except RequestRefused as refused:
        if refused.code in ("not_waiting", "not_due_yet"):
            raise RequestRefused("not_completed") from None
        raise
    photos = list(photos)
    for photo in photos:
        validate_image(photo)  # the form checked already; the action is the guarantee
    req.report_note, req.reported_at = note.strip(), now
    for photo in photos:
        EventPhoto.objects.create(request=req, image=photo, uploaded_by=actor)
    _advance(
        req, "record_event_report", S.COMPLETED, actor=actor, role=role, note=note, now=now,
        fields=["report_note", "reported_at"],
    )  # fmt: skip
    return req


# ---------------------------------------------------------------- leadership


BLOCKING_ROLES = (Role.ADMIN, Role.KADIS, Role.KASI)


@transaction.atomic
def block_for_leadership(
    *,
    actor,
    start: dt.datetime,
    end: dt.datetime,
    reason: str,
    resource: Resource | None = None,
    now: dt.datetime | None = None,
) -> tuple[LeadershipBlock, list[ServiceRequest]]:
    """The leadership suddenly needs a room (jadwal pimpinan mendadak).

    Every approved booking in the period must move: it goes back to the Kasi
    (rescheduling) and its applicant is told. Returns the blocking and them.
    """
    now = now or timezone.now()
    held = [role for role in BLOCKING_ROLES if has_role(actor, role)]
    if not held:
        raise RequestRefused("wrong_role", role=_role_label(Role.KASI))
    if end <= start:
        raise RequestRefused("invalid_range")
    if not reason.strip():
        raise RequestRefused("reason_required")
    rooms = [resource] if resource is not None else list(Resource.objects.order_by("pk"))
    # A confirmation racing the blocking must either finish first (and be moved
    # here) or see the blocking: both take the rooms' rows first.
    list(Resource.objects.select_for_update().filter(pk__in=[r.pk for r in rooms]).order_by("pk"))
    block = LeadershipBlock.objects.create(
        resource=resource, start=start, end=end, reason=reason.strip(), created_by=actor
    )
    affected = list(
        ServiceRequest.objects.select_for_update(of=("self",))
        .select_related("resource")
        .blocking()
        .filter(resource__in=rooms, start__lt=end, end__gt=start)
        .order_by("start")
    )
    for req in affected:
        _advance(
            req, "move_for_leadership", S.RESCHEDULING, actor=actor, role=held[0],
            public_note=reason, now=now,
        )  # fmt: skip
    return block, affected


# ---------------------------------------------------------------- reminders


def send_reminders(*, now: dt.datetime | None = None) -> int:
    """Remind every applicant whose approved visit or loan is tomorrow (idempotent)."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + dt.timedelta(days=1)
    first = timezone.make_aware(dt.datetime.combine(tomorrow, dt.time.min))
    due = ServiceRequest.objects.filter(
        state=S.SCHEDULED, start__gte=first, start__lt=first + dt.timedelta(days=1)
    ).select_related("resource")
    queued = 0
    for req in due:
        with transaction.atomic(), translation.override(req.language):
            queued += (
                notifications.queue_email(
                    key=f"request:{req.pk}:reminder:{tomorrow.isoformat()}",
                    to=req.email,
                    subject=_("Reminder: %(service)s tomorrow, %(date)s")
                    % {"service": req.get_service_display(), "date": _when(req)},
                    template="reservations/email/request_reminder",
                    context={
                        "req": req,
                        "service": req.get_service_display(),
                        "when": _when(req),
                        "status_url": tracking.status_url(req),
                    },
                )
                is not None
            )
    return queued
