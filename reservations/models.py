"""What the three services share: the service calendar and the notification outbox."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import uploads


class Service(models.TextChoices):
    COWORKING = "coworking", _("Co-working space (Start Up Hub)")
    VISIT = "visit", _("Visit to the Pontive Center")
    MEETING_ROOM = "meetingroom", _("Meeting room loan")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class OpeningHours(models.Model):
    """Service hours of one weekday; a weekday without a row (or closed) is a day off."""

    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices, unique=True)
    is_open = models.BooleanField(_("open"), default=True)
    opens = models.TimeField(_("opens at"))
    closes = models.TimeField(_("closes at"))

    class Meta:
        ordering = ["weekday"]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        constraints = [
            models.CheckConstraint(
                condition=Q(opens__lt=models.F("closes")), name="opening_hours_opens_before_closes"
            )
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H.%M}–{self.closes:%H.%M}"


class HolidayKind(models.TextChoices):
    NATIONAL = "national", _("National public holiday")
    CUTI_BERSAMA = "cuti_bersama", _("Collective leave (cuti bersama)")


class Holiday(models.Model):
    """A public holiday or cuti bersama, imported from the `holidays` package.

    Decrees get revised after the fact, so the imported rows are an editable copy:
    staff can correct a name or switch a day off (``active``) without the next
    import undoing it.
    """

    date = models.DateField(_("date"))
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=HolidayKind.choices)
    active = models.BooleanField(
        _("centre closed"),
        default=True,
        help_text=_("Untick if the decree was revised and the centre opens on this day."),
    )
    imported = models.BooleanField(_("imported"), default=False, editable=False)

    class Meta:
        ordering = ["date"]
        verbose_name = _("public holiday")
        verbose_name_plural = _("public holidays")
        constraints = [
            models.UniqueConstraint(fields=["date", "kind"], name="holiday_one_per_date_and_kind")
        ]

    def __str__(self):
        return f"{self.date:%d-%m-%Y} {self.name}"


class HolidayImport(models.Model):
    """A year whose holidays were copied from the package (so it is not copied twice)."""

    year = models.PositiveSmallIntegerField(unique=True)
    imported_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return str(self.year)


class ClosureQuerySet(models.QuerySet):
    def on(self, day, service: str | None = None):
        closures = self.filter(start_date__lte=day, end_date__gte=day)
        if service:
            closures = closures.filter(Q(service="") | Q(service=service))
        return closures


class Closure(models.Model):
    """A day or days the office itself closes the centre (or one service)."""

    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    service = models.CharField(
        _("service"),
        max_length=20,
        choices=Service.choices,
        blank=True,
        help_text=_("Leave empty to close every service."),
    )
    reason = models.CharField(_("reason shown to citizens"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ClosureQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("office closure")
        verbose_name_plural = _("office closures")
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__lte=models.F("end_date")),
                name="closure_start_not_after_end",
            )
        ]

    def __str__(self):
        return f"{self.start_date:%d-%m-%Y}–{self.end_date:%d-%m-%Y} {self.reason}"


class ServicePolicy(models.Model):
    """Rules that differ per service and that the office may change."""

    service = models.CharField(_("service"), max_length=20, choices=Service.choices, unique=True)
    lead_days = models.PositiveSmallIntegerField(
        _("minimum lead time (days)"),
        default=1,
        help_text=_("1 means H-1: a booking for a day must be made by the day before."),
    )
    max_minutes = models.PositiveIntegerField(
        _("longest booking (minutes)"),
        null=True,
        blank=True,
        help_text=_("Empty: any length within opening hours."),
    )

    class Meta:
        ordering = ["service"]
        verbose_name = _("service rule")
        verbose_name_plural = _("service rules")

    def __str__(self):
        return self.get_service_display()


class NotificationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed, will not be retried")


class NotificationQuerySet(models.QuerySet):
    def due(self):
        return self.filter(status=NotificationStatus.PENDING).order_by("created_at")


class Notification(models.Model):
    """An email in the outbox.

    Written in the same transaction as the change it reports, so nothing is lost
    when Redis or the worker is down; a task sends it, and the periodic flush
    sends whatever that task could not.
    """

    key = models.CharField(
        max_length=200,
        unique=True,
        help_text="Idempotency key: the same event never queues two emails.",
    )
    to = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("body"))
    html_body = models.TextField(blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=NotificationStatus.choices, default="pending"
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("email")
        verbose_name_plural = _("outbox")

    def __str__(self):
        return f"{self.to}: {self.subject}"


class NotificationAttachment(models.Model):
    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="attachments"
    )
    filename = models.CharField(max_length=200)
    mimetype = models.CharField(max_length=100)
    content = models.BinaryField()

    def __str__(self):
        return self.filename


class AuditKind(models.TextChoices):
    LOGIN = "login", _("Logged in")
    LOGIN_FAILED = "login_failed", _("Failed login")
    LOGOUT = "logout", _("Logged out")
    LOCKOUT = "lockout", _("Login locked after repeated failures")
    SESSION_ENDED = "session_ended", _("Session ended by the portal")
    TWO_FACTOR_ON = "two_factor_on", _("Two-factor login set up")
    TWO_FACTOR_OFF = "two_factor_off", _("Two-factor login removed")
    ROLE_CHANGED = "role_changed", _("Roles or permissions of a user changed")
    ACCOUNT_CHANGED = "account_changed", _("Staff account created or its status changed")
    DOWNLOAD = "download", _("Report or letter downloaded")
    DATA_ERASED = "data_erased", _("Personal data erased at the person's request")


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The audit log is append-only.")

    def delete(self):
        raise PermissionError("The audit log is append-only.")


class AuditEvent(models.Model):
    """One security event: who did it (as they were then), from where, to what.

    Append-only: the model refuses updates and deletes, the admin offers neither
    (not even to superusers), and on PostgreSQL a trigger refuses them too. The
    actor is a copy of the username and roles at the time, not a foreign key, so
    renaming or deleting an account leaves its history intact. Citizens' personal
    data does not belong here: targets name a code or an id.
    """

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True, editable=False)
    kind = models.CharField(_("event"), max_length=20, choices=AuditKind.choices, db_index=True)
    actor_id = models.IntegerField(_("user id"), null=True, blank=True)
    actor = models.CharField(_("user"), max_length=150, blank=True)
    actor_roles = models.CharField(_("roles then"), max_length=200, blank=True)
    ip = models.GenericIPAddressField(_("address"), null=True, blank=True)
    target = models.CharField(_("concerning"), max_length=200, blank=True)
    detail = models.CharField(_("detail"), max_length=500, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("security event")
        verbose_name_plural = _("security log")
        indexes = [models.Index(fields=["actor", "-at"], name="audit_actor_at")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()} {self.actor}".strip()

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The audit log is append-only.")


# ---------------------------------------------------------------- requests (visits and loans)
#
# A visit (service 13) and a meeting-room loan (service 12) travel the same
# disposition chain; ``reservations.requests`` is its state machine and the
# only code that changes ``ServiceRequest.state``.


REQUEST_SERVICES = [
    (Service.VISIT.value, Service.VISIT.label),
    (Service.MEETING_ROOM.value, Service.MEETING_ROOM.label),
]


class Resource(models.Model):
    """A place a request books: the command centre (visits) or the meeting room (loans)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    service = models.CharField(
        _("booked through"),
        max_length=20,
        choices=REQUEST_SERVICES,
    )
    capacity = models.PositiveSmallIntegerField(
        _("capacity (people)"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    active = models.BooleanField(_("open for requests"), default=True)

    class Meta:
        ordering = ["service", "name"]
        verbose_name = _("room or area")
        verbose_name_plural = _("rooms and areas")

    def __str__(self):
        return self.name


class RequestState(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted, waiting for the Admin")
    RECEIVED = "received", _("Received, waiting for the Sekretariat")
    REGISTERED = "registered", _("Registered as incoming letter, waiting for the Kadis")
    WITH_KABID = "with_kabid", _("Disposed to the Kabid TKPBET")
    WITH_KASI = "with_kasi", _("Disposed to the Kasi PK&AI")
    RESCHEDULE_PROPOSED = "reschedule_proposed", _("New time proposed, waiting for the applicant")
    EQUIPMENT_SHORT = "equipment_short", _("Equipment short, waiting for the applicant")
    RESCHEDULING = "rescheduling", _("Must move (leadership schedule), waiting for the Kasi")
    CONFIRMED = "confirmed", _("Schedule confirmed, waiting to be entered in the agenda")
    SCHEDULED = "scheduled", _("Approved and in the agenda")
    COMPLETED = "completed", _("Took place")
    NO_SHOW = "no_show", _("Did not come")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")


# An approved booking holds its slot from the Kasi's confirmation on.
BLOCKING_STATES = (RequestState.CONFIRMED, RequestState.SCHEDULED)
FINAL_STATES = (
    RequestState.COMPLETED,
    RequestState.NO_SHOW,
    RequestState.REJECTED,
    RequestState.CANCELLED,
)


class InstitutionKind(models.TextChoices):
    SCHOOL = "school", _("School")
    UNIVERSITY = "university", _("University or college")
    GOVERNMENT = "government", _("Government office (OPD)")
    COMPANY = "company", _("Company or start-up")
    COMMUNITY = "community", _("Community or organisation")
    OTHER = "other", _("Other")


class SecurityClass(models.TextChoices):
    BIASA = "biasa", _("Ordinary (Biasa)")
    TERBATAS = "terbatas", _("Restricted (Terbatas)")
    RAHASIA = "rahasia", _("Secret (Rahasia)")
    SANGAT_RAHASIA = "sangat_rahasia", _("Top secret (Sangat Rahasia)")


class Urgency(models.TextChoices):
    BIASA = "biasa", _("Ordinary (Biasa)")
    SEGERA = "segera", _("Urgent (Segera, within 2×24 hours)")
    AMAT_SEGERA = "amat_segera", _("Very urgent (Amat Segera, within 24 hours)")


class ServiceRequestQuerySet(models.QuerySet):
    def visits(self):
        return self.filter(service=Service.VISIT)

    def loans(self):
        return self.filter(service=Service.MEETING_ROOM)

    def blocking(self):
        """Approved bookings: they hold their slot."""
        return self.filter(state__in=BLOCKING_STATES)

    def overlapping(self, resource_id: int, start, end):
        return self.filter(resource_id=resource_id, start__lt=end, end__gt=start)

    def open(self):
        return self.exclude(state__in=FINAL_STATES)

    def for_list(self):
        return self.select_related("resource")

    def _inbox_q(self, role: str, now) -> Q:
        from .workflow import STAFF_INBOXES

        q = Q(state__in=[state for state, owner in STAFF_INBOXES.items() if owner == role])
        if role == "Admin Pontive Center":  # after the event: record it took place, or not
            q |= Q(state=RequestState.SCHEDULED, end__lte=now)
        return q

    def waiting_for(self, *roles: str, now=None):
        """Requests in the inbox of any of ``roles`` (oldest in their state first)."""
        now = now or timezone.now()
        q = Q(pk__in=[])
        for role in roles:
            q |= self._inbox_q(role, now)
        return self.filter(q).order_by("state_since", "pk")

    def inbox_counts(self, roles, *, now=None) -> dict[str, int]:
        """How many requests wait for each role, in one query."""
        now = now or timezone.now()
        roles = list(roles)
        # Role names hold spaces and "&", which SQL aliases may not: count under r0, r1, …
        counts = self.aggregate(
            **{
                f"r{i}": models.Count("pk", filter=self._inbox_q(r, now))
                for i, r in enumerate(roles)
            }
        )
        return {role: counts[f"r{i}"] for i, role in enumerate(roles)}


class ServiceRequest(models.Model):
    """A visit to the centre or a loan of the meeting room, from the form to the event."""

    service = models.CharField(
        _("service"),
        max_length=20,
        choices=REQUEST_SERVICES,
    )
    code = models.CharField(_("tracking code"), max_length=40, unique=True, editable=False)
    state = models.CharField(
        _("state"), max_length=24, choices=RequestState.choices, default=RequestState.SUBMITTED
    )
    state_since = models.DateTimeField(_("in this state since"), db_index=True)
    resource = models.ForeignKey(Resource, on_delete=models.PROTECT, verbose_name=_("room or area"))

    # The applicant, as they wrote it on the form.
    institution = models.CharField(_("institution"), max_length=200)
    institution_kind = models.CharField(
        _("kind of institution"), max_length=20, choices=InstitutionKind.choices
    )
    contact_name = models.CharField(_("contact person"), max_length=120)
    email = models.EmailField(_("email"))
    phone = models.CharField(_("phone / WhatsApp"), max_length=20)
    participants = models.PositiveSmallIntegerField(_("number of visitors or attendees"))
    start = models.DateTimeField(_("starts"), db_index=True)
    end = models.DateTimeField(_("ends"))
    purpose = models.TextField(_("purpose"))
    event_title = models.CharField(_("event title"), max_length=200, blank=True)
    no_buffet = models.BooleanField(_("promised not to serve a buffet (prasmanan)"), default=False)
    accepts_equipment_shortfall = models.BooleanField(
        _("goes ahead without missing equipment"), default=False
    )
    letter = models.FileField(
        _("request letter (PDF)"),
        storage=uploads.private_storage,
        upload_to=uploads.ServerName("letters", "pdf"),
        max_length=200,
    )
    language = models.CharField(_("language of the applicant"), max_length=8, default="id")
    privacy_version = models.CharField(_("privacy notice agreed to"), max_length=20)
    anonymised_at = models.DateTimeField(_("personal data removed at"), null=True, blank=True)

    # The incoming letter, as the Sekretariat registers it (surat masuk).
    letter_number = models.CharField(_("letter number"), max_length=100, blank=True)
    letter_date = models.DateField(_("letter date"), null=True, blank=True)
    agenda_year = models.PositiveSmallIntegerField(_("agenda year"), null=True, blank=True)
    agenda_number = models.PositiveIntegerField(_("agenda number"), null=True, blank=True)
    registered_at = models.DateTimeField(_("registered at"), null=True, blank=True)
    srikandi_ref = models.CharField(_("SRIKANDI reference"), max_length=100, blank=True)

    # A new time the Kasi proposed, until the applicant answers.
    proposed_start = models.DateTimeField(_("proposed start"), null=True, blank=True)
    proposed_end = models.DateTimeField(_("proposed end"), null=True, blank=True)

    # After the event (the report to leadership).
    report_note = models.TextField(_("event report"), blank=True)
    reported_at = models.DateTimeField(_("event report written at"), null=True, blank=True)

    created_at = models.DateTimeField(_("submitted at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ServiceRequestQuerySet.as_manager()

    class Meta:
        ordering = ["state_since", "pk"]
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        constraints = [
            # The notice the person agreed to is part of the record (UU PDP).
            models.CheckConstraint(
                condition=~Q(privacy_version=""), name="request_privacy_version_set"
            ),
            models.CheckConstraint(
                condition=Q(start__lt=models.F("end")), name="request_starts_before_it_ends"
            ),
            models.CheckConstraint(
                condition=Q(service__in=[Service.VISIT, Service.MEETING_ROOM]),
                name="request_service_is_visit_or_loan",
            ),
            models.UniqueConstraint(
                fields=["agenda_year", "agenda_number"], name="request_agenda_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(agenda_number__isnull=True) | Q(agenda_year__isnull=False),
                name="request_agenda_number_has_year",
            ),
        ]
        indexes = [models.Index(fields=["state", "state_since"], name="request_inbox_idx")]

    def __str__(self):
        return f"{self.institution} ({self.start:%d-%m-%Y})"

    @property
    def agenda_display(self) -> str:
        """'0123/SM/2026', the agenda number as the Sekretariat writes it."""
        if self.agenda_number is None:
            return ""
        return f"{self.agenda_number:04d}/SM/{self.agenda_year}"

    @property
    def is_final(self) -> bool:
        return self.state in FINAL_STATES


class RequestTransitionQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("request history is kept for good; it is never updated")

    def delete(self):
        raise TypeError("request history is kept for good; it is never deleted")

    def strip_notes(self) -> int:
        """The one change history allows: its free-text notes lose the personal data
        they may carry (erasure or retention, UU PDP); who did what, when, stays."""
        return super().update(note="", public_note="")


class RequestTransition(models.Model):
    """One step of a request, written by the action that took it and never changed."""

    request = models.ForeignKey(ServiceRequest, on_delete=models.PROTECT, related_name="history")
    action = models.CharField(_("step"), max_length=40)
    from_state = models.CharField(
        _("from"), max_length=24, choices=RequestState.choices, blank=True
    )
    to_state = models.CharField(_("to"), max_length=24, choices=RequestState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    actor_name = models.CharField(_("name"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=40)
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    note = models.TextField(_("internal note"), blank=True)
    public_note = models.TextField(_("note for the applicant"), blank=True)
    standard_minutes = models.PositiveSmallIntegerField(_("standard (minutes)"), null=True)
    office_minutes = models.PositiveIntegerField(_("took (office minutes)"), null=True)

    objects = RequestTransitionQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("request step")
        verbose_name_plural = _("request steps")

    def __str__(self):
        return f"{self.action} {self.from_state}→{self.to_state}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("request history is kept for good; it is never updated")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("request history is kept for good; it is never deleted")

    @property
    def met_standard(self) -> bool | None:
        if self.standard_minutes is None or self.office_minutes is None:
            return None
        return self.office_minutes <= self.standard_minutes


class Instruction(models.TextChoices):
    """The checkboxes of the disposition sheet (lembar disposisi)."""

    RESPOND = "tanggapan", _("Tanggapan dan saran (respond and advise)")
    PROCESS = "proses", _("Proses lebih lanjut (process further)")
    COORDINATE = "koordinasi", _("Koordinasikan/konfirmasikan (coordinate/confirm)")
    FOR_INFORMATION = "diketahui", _("Untuk diketahui (for information)")
    FOLLOW_UP = "tindaklanjut", _("Untuk ditindaklanjuti (for follow-up)")


class Disposition(models.Model):
    """A written instruction forwarding the letter one level down (Kadis → Kabid → Kasi)."""

    request = models.ForeignKey(
        ServiceRequest, on_delete=models.PROTECT, related_name="dispositions"
    )
    from_role = models.CharField(_("from"), max_length=40)
    to_role = models.CharField(_("forwarded to"), max_length=40)
    instructions = models.JSONField(_("instructions"), default=list)
    security_class = models.CharField(
        _("security class"), max_length=20, choices=SecurityClass.choices, default="biasa"
    )
    urgency = models.CharField(
        _("urgency"), max_length=20, choices=Urgency.choices, default="biasa"
    )
    due_at = models.DateTimeField(_("deadline"), null=True, blank=True)
    note = models.TextField(_("note (catatan)"), blank=True)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("signed by"),
    )
    signer_name = models.CharField(_("name"), max_length=150)
    signer_nip = models.CharField(_("NIP"), max_length=30, blank=True)
    signed_at = models.DateTimeField(_("date"), default=timezone.now)
    read_at = models.DateTimeField(_("read by the recipient"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        ordering = ["signed_at", "pk"]
        verbose_name = _("disposition")
        verbose_name_plural = _("dispositions")

    def __str__(self):
        return f"{self.from_role} → {self.to_role}"


class AgendaCounter(models.Model):
    """The last agenda number given in a year; locked while the next one is taken."""

    year = models.PositiveSmallIntegerField(unique=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last_number}"


class LeadershipBlockQuerySet(models.QuerySet):
    def overlapping(self, resource_id: int, start, end):
        return self.filter(Q(resource_id=resource_id) | Q(resource__isnull=True)).filter(
            start__lt=end, end__gt=start
        )


class LeadershipBlock(models.Model):
    """A period the leadership suddenly needs a room (jadwal pimpinan mendadak)."""

    resource = models.ForeignKey(
        Resource,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("room or area"),
        help_text=_("Empty: every room and area."),
    )
    start = models.DateTimeField(_("from"))
    end = models.DateTimeField(_("until"))
    reason = models.CharField(_("reason"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    objects = LeadershipBlockQuerySet.as_manager()

    class Meta:
        ordering = ["-start"]
        verbose_name = _("leadership blocking")
        verbose_name_plural = _("leadership blockings")
        constraints = [
            models.CheckConstraint(
                condition=Q(start__lt=models.F("end")), name="block_starts_before_it_ends"
            )
        ]

    def __str__(self):
        return self.reason


class EventPhoto(models.Model):
    """A photo of the event for the report to leadership, uploaded afterwards by the Admin."""

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(
        _("photo"),
        storage=uploads.private_storage,
        upload_to=uploads.ServerName("photos"),
        max_length=200,
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("event photo")
        verbose_name_plural = _("event photos")

    def __str__(self):
        return self.image.name


class DataRequest(models.Model):
    """A person's request, from the public page, to see or erase their data.

    The emailed link carries only the signed ``token``; the email address lives
    here until the link has expired and the outbox holds nothing more to it
    (the retention job then deletes the row).
    """

    token = models.CharField(max_length=40, unique=True, editable=False)
    email = models.EmailField(_("email"), blank=True)
    language = models.CharField(max_length=8, default="id", editable=False)
    created_at = models.DateTimeField(_("asked at"), default=timezone.now, db_index=True)
    exported_at = models.DateTimeField(_("last downloaded at"), null=True, blank=True)
    erased_at = models.DateTimeField(_("erased at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("personal data request")
        verbose_name_plural = _("personal data requests")

    def __str__(self):
        return f"{self.pk} · {self.created_at:%Y-%m-%d %H:%M}"


class RateLimitCount(models.Model):
    """Attempts in one window of one rate limit, counted here only while Redis is down,
    so that a limit still holds across every web process (reservations.ratelimit)."""

    key = models.CharField(max_length=200, unique=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"{self.key}: {self.count}"
