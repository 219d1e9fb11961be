"""What the three services share: the service calendar and the notification outbox."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
