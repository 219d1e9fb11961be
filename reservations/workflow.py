"""The disposition chain as one explicit state machine, shared by visits and meeting-room loans.

Every step a request can take is a row of ``STEPS``: who may take it, from which
states, to which states. ``reservations.actions`` takes steps only through
``Step.check``; nothing else changes a request's state. The SOP's standard time
(*Mutu Baku*) belongs to the inbox a request waits in (``STANDARD_MINUTES``).

    submitted ─receive→ received ─register→ registered ─dispose→ with_kabid ─dispose→ with_kasi
    with_kasi / rescheduling ─confirm→ confirmed ─schedule→ scheduled ─complete→ completed
                             └propose→ reschedule_proposed ─accept→ confirmed | ─decline→ with_kasi
                             └confirm, equipment short→ equipment_short ─go ahead→ confirmed
    confirmed / scheduled ─leadership blocking→ rescheduling
    any staff step ─reject→ rejected;  anything open ─cancel→ cancelled;  scheduled ─→ no_show
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import RequestState as S
from .models import Service
from .roles import Role

APPLICANT = "applicant"
SYSTEM = "system"

ROLE_LABELS = {
    APPLICANT: _("Applicant"),
    SYSTEM: _("Portal"),
    **{role.value: role.label for role in Role},
}

# Whose inbox a request sits in, by state (the applicant's "inbox" is the status page).
INBOX: dict[str, str] = {
    S.SUBMITTED: Role.ADMIN,
    S.RECEIVED: Role.SEKRETARIAT,
    S.REGISTERED: Role.KADIS,
    S.WITH_KABID: Role.KABID,
    S.WITH_KASI: Role.KASI,
    S.RESCHEDULING: Role.KASI,
    S.CONFIRMED: Role.ADMIN,
    S.RESCHEDULE_PROPOSED: APPLICANT,
    S.EQUIPMENT_SHORT: APPLICANT,
}
STAFF_INBOXES = {state: role for state, role in INBOX.items() if role != APPLICANT}

# The SOP step each inbox is, with its standard time in minutes (SOP 001 and 002,
# Mutu Baku). The meeting room's agenda entry takes 30 minutes, a visit's 15.
SOP_STEPS: dict[str, tuple[str, object]] = {
    S.SUBMITTED: ("receive", _("Admin receives the request and forwards it to the Sekretariat")),
    S.RECEIVED: ("register", _("Sekretariat registers the incoming letter")),
    S.REGISTERED: ("dispose_kabid", _("Kadis disposes to the Kabid TKPBET")),
    S.WITH_KABID: ("dispose_kasi", _("Kabid TKPBET disposes to the Kasi PK&AI")),
    S.WITH_KASI: ("confirm", _("Kasi PK&AI confirms the schedule with the applicant")),
    S.RESCHEDULING: ("confirm", _("Kasi PK&AI confirms the schedule with the applicant")),
    S.CONFIRMED: ("schedule", _("Admin enters the request into the agenda")),
}
STEP_ORDER = ["receive", "register", "dispose_kabid", "dispose_kasi", "confirm", "schedule"]
STANDARD_MINUTES: dict[str, dict[str, int]] = {
    Service.VISIT: {
        "receive": 10,
        "register": 10,
        "dispose_kabid": 10,
        "dispose_kasi": 15,
        "confirm": 15,
        "schedule": 15,
    },
    Service.MEETING_ROOM: {
        "receive": 10,
        "register": 10,
        "dispose_kabid": 10,
        "dispose_kasi": 15,
        "confirm": 15,
        "schedule": 30,
    },
}


def standard_for(service: str, state: str) -> int | None:
    """The standard time of the step a request in ``state`` waits for, or None (not a SOP step)."""
    step = SOP_STEPS.get(state)
    return STANDARD_MINUTES[service][step[0]] if step else None


@dataclass(frozen=True)
class Step:
    action: str
    label: object
    roles: tuple[str, ...]
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    # Whether the applicant is emailed when the step is taken.
    tell_applicant: bool = False


_OPEN_STAFF = (
    S.SUBMITTED,
    S.RECEIVED,
    S.REGISTERED,
    S.WITH_KABID,
    S.WITH_KASI,
    S.RESCHEDULING,
    S.CONFIRMED,
)
_WAITING_FOR_APPLICANT = (S.RESCHEDULE_PROPOSED, S.EQUIPMENT_SHORT)
_ALL_ROLES = tuple(Role.values)

STEPS: dict[str, Step] = {
    step.action: step
    for step in [
        Step("submit_request", _("Request submitted"), (APPLICANT,), ("",), (S.SUBMITTED,), True),
        Step(
            "receive_request",
            _("Received by the Admin, forwarded to the Sekretariat"),
            (Role.ADMIN,),
            (S.SUBMITTED,),
            (S.RECEIVED,),
        ),
        Step(
            "register_letter",
            _("Letter registered as incoming letter, forwarded to the Kadis"),
            (Role.SEKRETARIAT,),
            (S.RECEIVED,),
            (S.REGISTERED,),
        ),
        Step(
            "dispose_to_kabid",
            _("Disposed by the Kadis to the Kabid TKPBET"),
            (Role.KADIS,),
            (S.REGISTERED,),
            (S.WITH_KABID,),
        ),
        Step(
            "dispose_to_kasi",
            _("Disposed by the Kabid TKPBET to the Kasi PK&AI"),
            (Role.KABID,),
            (S.WITH_KABID,),
            (S.WITH_KASI,),
        ),
        Step(
            "withdraw_disposition",
            _("Disposition withdrawn before it was read"),
            (Role.KADIS, Role.KABID),
            (S.WITH_KABID, S.WITH_KASI),
            (S.REGISTERED, S.WITH_KABID),
        ),
        Step(
            "confirm_schedule",
            _("Schedule confirmed by the Kasi PK&AI"),
            (Role.KASI,),
            (S.WITH_KASI, S.RESCHEDULING),
            (S.CONFIRMED, S.EQUIPMENT_SHORT),
            True,
        ),
        Step(
            "propose_reschedule",
            _("New time proposed to the applicant"),
            (Role.KASI,),
            (S.WITH_KASI, S.RESCHEDULING),
            (S.RESCHEDULE_PROPOSED,),
            True,
        ),
        Step(
            "accept_reschedule",
            _("The applicant accepted the new time"),
            (APPLICANT,),
            (S.RESCHEDULE_PROPOSED,),
            (S.CONFIRMED, S.EQUIPMENT_SHORT, S.WITH_KASI),
            True,
        ),
        Step(
            "decline_reschedule",
            _("The applicant declined the new time"),
            (APPLICANT,),
            (S.RESCHEDULE_PROPOSED,),
            (S.WITH_KASI,),
            True,
        ),
        Step(
            "accept_equipment_shortfall",
            _("The applicant goes ahead without the missing equipment"),
            (APPLICANT,),
            (S.EQUIPMENT_SHORT,),
            (S.CONFIRMED, S.WITH_KASI),
            True,
        ),
        Step(
            "schedule_request",
            _("Entered into the agenda: approved"),
            (Role.ADMIN,),
            (S.CONFIRMED,),
            (S.SCHEDULED,),
            True,
        ),
        Step(
            "move_for_leadership",
            _("Must move: the leadership needs the room"),
            (Role.ADMIN, Role.KADIS, Role.KASI),
            (S.CONFIRMED, S.SCHEDULED),
            (S.RESCHEDULING,),
            True,
        ),
        Step(
            "reject_request",
            _("Rejected"),
            _ALL_ROLES,  # narrowed to the role whose inbox it is, see REJECTING_ROLE
            _OPEN_STAFF + _WAITING_FOR_APPLICANT,
            (S.REJECTED,),
            True,
        ),
        Step(
            "cancel_request",
            _("Cancelled"),
            (APPLICANT, Role.ADMIN),
            _OPEN_STAFF + _WAITING_FOR_APPLICANT + (S.SCHEDULED,),
            (S.CANCELLED,),
            True,
        ),
        Step(
            "complete_request",
            _("Took place"),
            (Role.ADMIN,),
            (S.SCHEDULED,),
            (S.COMPLETED,),
            True,
        ),
        Step(
            "record_no_show",
            _("The applicant did not come"),
            (Role.ADMIN,),
            (S.SCHEDULED,),
            (S.NO_SHOW,),
            True,
        ),
        Step(
            "record_event_report",
            _("Event report and photos recorded"),
            (Role.ADMIN,),
            (S.COMPLETED,),
            (S.COMPLETED,),
        ),
    ]
}

# A rejection is the answer of whoever holds the request: the role of its inbox;
# while the applicant is being asked, the Kasi (who asked) may still reject.
REJECTING_ROLE = {**STAFF_INBOXES, S.RESCHEDULE_PROPOSED: Role.KASI, S.EQUIPMENT_SHORT: Role.KASI}

# Steps staff take from the admin, by the state the request is in (for buttons).
STAFF_STEPS_BY_STATE: dict[str, list[str]] = {}
for _step in STEPS.values():
    if any(role in Role.values for role in _step.roles):
        for _source in _step.sources:
            STAFF_STEPS_BY_STATE.setdefault(_source, []).append(_step.action)


def roles_for(action: str, state: str) -> tuple[str, ...]:
    """The roles that may take ``action`` on a request in ``state``."""
    step = STEPS[action]
    if action == "reject_request":
        return (REJECTING_ROLE[state],) if state in REJECTING_ROLE else ()
    if action == "withdraw_disposition":
        return {S.WITH_KABID: (Role.KADIS,), S.WITH_KASI: (Role.KABID,)}.get(state, ())
    return step.roles


# What happens next, in words the applicant understands.
NEXT = {
    S.SUBMITTED: _(
        "The Admin of the Pontive Center will receive your request and forward your letter "
        "to the Sekretariat."
    ),
    S.RECEIVED: _(
        "The Sekretariat will register your letter and forward it to the Head of Office."
    ),
    S.REGISTERED: _("The Head of Office (Kadis) will read your letter and dispose it."),
    S.WITH_KABID: _("The Head of Division TKPBET will study the disposition."),
    S.WITH_KASI: _(
        "The Head of Section PK&AI will check the schedule and confirm it with you, "
        "or propose another time."
    ),
    S.RESCHEDULING: _(
        "The leadership needs the room at your time. The Head of Section PK&AI will propose "
        "a new time; you will be asked to accept it."
    ),
    S.RESCHEDULE_PROPOSED: _(
        "The office proposes a new time. Please accept or decline it below; if you decline, "
        "the office will look for another time with you."
    ),
    S.EQUIPMENT_SHORT: _(
        "Not all the equipment you asked for is free at that time. Please tell us whether "
        "to go ahead without it, or withdraw the request."
    ),
    S.CONFIRMED: _("The schedule is confirmed. The Admin will enter it into the agenda."),
    S.SCHEDULED: _(
        "Your request is approved. Please come at the time shown; we will remind you "
        "one day before."
    ),
    S.COMPLETED: _("Thank you for coming to the Pontive Center."),
    S.NO_SHOW: _("You did not come at the agreed time. You are welcome to send a new request."),
    S.REJECTED: _("Your request was not approved; the reason is shown above."),
    S.CANCELLED: _("This request is cancelled. You are welcome to send a new request."),
}


# The states of the chain in the order the SOP passes them: a step whose state comes
# later than the request's own was never due yet (it is not "taken by someone else").
CHAIN_ORDER = [
    S.SUBMITTED,
    S.RECEIVED,
    S.REGISTERED,
    S.WITH_KABID,
    S.WITH_KASI,
    S.CONFIRMED,
    S.SCHEDULED,
    S.COMPLETED,
]


def not_due_yet(action: str, state: str) -> bool:
    """Whether a request in ``state`` has not yet reached the step ``action``."""
    sources = [s for s in STEPS[action].sources if s in CHAIN_ORDER]
    if state not in CHAIN_ORDER or not sources:
        return False
    return CHAIN_ORDER.index(state) < min(CHAIN_ORDER.index(s) for s in sources)
