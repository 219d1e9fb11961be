"""Evaluation of the services: the monthly recap chain, the satisfaction survey, complaints.

The monthly co-working recap travels Admin → Kasi PK&AI → Kabid TKPBET. Its
content is a snapshot (``RecapVersion.content``) taken when the Admin prepares
it; once submitted a version is frozen (the database refuses to change it, see
migration 0002) and every correction by the Kasi makes a new version.

Survey answers are anonymous: the invitation (which knows the email) and the
answer share no key; a one-way ballot hash, made from the secret token only
the respondent's email holds, lets the database refuse a second answer.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reservations.models import Service

# ---------------------------------------------------------------- survey (SKM)


class Element(models.TextChoices):
    """The nine elements (unsur) of PermenPANRB No. 14 Tahun 2017."""

    U1 = "U1", _("Requirements")
    U2 = "U2", _("Systems, mechanisms and procedures")
    U3 = "U3", _("Completion time")
    U4 = "U4", _("Cost/tariff")
    U5 = "U5", _("Product specification of the service")
    U6 = "U6", _("Competence of the staff")
    U7 = "U7", _("Behaviour of the staff")
    U8 = "U8", _("Facilities and infrastructure")
    U9 = "U9", _("Handling of complaints, suggestions and feedback")


class Sex(models.TextChoices):
    MALE = "L", _("Male")
    FEMALE = "P", _("Female")


class Education(models.TextChoices):
    SD = "SD", _("Primary school (SD) or below")
    SMP = "SMP", _("Junior secondary (SMP)")
    SMA = "SMA", _("Senior secondary (SMA/SMK)")
    D3 = "D1-D3", _("Diploma (D1–D3)")
    S1 = "D4-S1", _("Bachelor (D4/S1)")
    S2 = "S2", _("Master (S2)")
    S3 = "S3", _("Doctorate (S3)")


class Occupation(models.TextChoices):
    CIVIL = "pns", _("Civil servant, army or police (PNS/TNI/POLRI)")
    PRIVATE = "swasta", _("Private employee (Swasta)")
    ENTREPRENEUR = "wirausaha", _("Entrepreneur (Wirausaha)")
    STUDENT = "pelajar", _("Pupil or student")
    OTHER = "lainnya", _("Other")


class SurveyInvitationQuerySet(models.QuerySet):
    def answered(self):
        return self.filter(answered_at__isnull=False)


class SurveyInvitation(models.Model):
    """The link sent to an applicant once a service was delivered; one per delivered service."""

    subject = models.CharField(
        max_length=80,
        unique=True,
        editable=False,
        help_text="What was delivered, e.g. 'coworking.reservation:42'; one invitation each.",
    )
    service = models.CharField(_("service"), max_length=20, choices=Service.choices)
    delivered_on = models.DateField(_("service delivered on"))
    email = models.EmailField(_("sent to"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    expires_at = models.DateTimeField(_("link valid until"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True, editable=False)

    objects = SurveyInvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        indexes = [models.Index(fields=["service", "delivered_on"], name="survey_inv_service_day")]

    def __str__(self):
        return f"{self.get_service_display()} {self.delivered_on:%d-%m-%Y}"


class SurveyResponseQuerySet(models.QuerySet):
    def in_period(self, start_date, end_date, service: str | None = None):
        responses = self.filter(service_date__gte=start_date, service_date__lte=end_date)
        return responses.filter(service=service) if service else responses


class SurveyResponse(models.Model):
    """One completed questionnaire: the respondent's profile and nine answers, no identity."""

    ballot = models.CharField(max_length=64, unique=True, editable=False)
    service = models.CharField(_("service"), max_length=20, choices=Service.choices)
    service_date = models.DateField(_("date of the service"))
    submitted_on = models.DateField(_("answered on"))
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    age = models.PositiveSmallIntegerField(_("age"))
    education = models.CharField(_("education"), max_length=8, choices=Education.choices)
    occupation = models.CharField(_("occupation"), max_length=12, choices=Occupation.choices)
    suggestion = models.TextField(_("suggestion"), blank=True)

    objects = SurveyResponseQuerySet.as_manager()

    class Meta:
        ordering = ["-service_date", "-pk"]
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        indexes = [models.Index(fields=["service", "service_date"], name="survey_resp_service_day")]
        constraints = [
            models.CheckConstraint(
                condition=Q(age__gte=10, age__lte=120), name="survey_response_age_plausible"
            )
        ]

    def __str__(self):
        return f"{self.get_service_display()} {self.service_date:%d-%m-%Y}"


class SurveyAnswer(models.Model):
    """The score (1–4) one questionnaire gave one element, stored by the element's code."""

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    element = models.CharField(_("element"), max_length=2, choices=Element.choices)
    score = models.PositiveSmallIntegerField(_("score"))

    class Meta:
        ordering = ["element"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "element"], name="survey_answer_once_per_element"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=4), name="survey_answer_score_1_to_4"
            ),
        ]

    def __str__(self):
        return f"{self.element}={self.score}"


# ---------------------------------------------------------------- complaints (aduan)


class ComplaintChannel(models.TextChoices):
    WEB = "web", _("Web form")
    EMAIL = "email", _("Email")
    SOCIAL = "social", _("Social media")
    IN_PERSON = "in_person", _("In person or complaint box")
    PHONE = "phone", _("Telephone")


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", _("Received, waiting for an answer")
    ANSWERED = "answered", _("Answered")


class ComplaintQuerySet(models.QuerySet):
    def in_period(self, start_date, end_date, service: str | None = None):
        complaints = self.filter(received_on__gte=start_date, received_on__lte=end_date)
        return complaints.filter(service=service) if service else complaints

    def waiting(self):
        return self.filter(status=ComplaintStatus.RECEIVED)

    def for_list(self):
        return self.select_related("answered_by")


class Complaint(models.Model):
    """A complaint about one service, tracked by the Admin until it is answered."""

    code = models.CharField(_("code"), max_length=40, unique=True, editable=False)
    service = models.CharField(_("service"), max_length=20, choices=Service.choices)
    channel = models.CharField(
        _("received through"),
        max_length=12,
        choices=ComplaintChannel.choices,
        default=ComplaintChannel.WEB,
    )
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone / WhatsApp"), max_length=20, blank=True)
    message = models.TextField(_("complaint"))
    privacy_version = models.CharField(_("privacy notice agreed to"), max_length=20, blank=True)
    received_on = models.DateField(_("received on"), db_index=True)
    created_at = models.DateTimeField(_("received at"), default=timezone.now)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ComplaintStatus.choices,
        default=ComplaintStatus.RECEIVED,
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True, editable=False)

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="received", answered_at__isnull=True)
                | (Q(status="answered", answered_at__isnull=False) & ~Q(answer="")),
                name="complaint_answered_has_answer",
            )
        ]

    def __str__(self):
        return f"{self.code} · {self.get_service_display()}"


# ---------------------------------------------------------------- the monthly recap chain


class RecapState(models.TextChoices):
    DRAFT = "draft", _("Prepared, waiting for the Admin to submit it")
    SUBMITTED = "submitted", _("Submitted, waiting for the Kasi PK&AI")
    FORWARDED = "forwarded", _("Forwarded, waiting for the Kabid TKPBET")
    ACKNOWLEDGED = "acknowledged", _("Received by the Kabid TKPBET")


class MonthlyRecapQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related(
            "current_version", "submitted_by", "forwarded_by", "acknowledged_by"
        )

    def waiting_for(self, role: str):
        from reservations.roles import Role

        state = {
            Role.ADMIN: RecapState.DRAFT,
            Role.KASI: RecapState.SUBMITTED,
            Role.KABID: RecapState.FORWARDED,
        }.get(role)
        return self.filter(state=state) if state else self.none()


class MonthlyRecap(models.Model):
    """The co-working recap of one month (SOP 000 steps 2–4)."""

    month = models.DateField(_("month"), unique=True, help_text="The first day of the month.")
    state = models.CharField(
        _("state"), max_length=14, choices=RecapState.choices, default=RecapState.DRAFT
    )
    current_version = models.ForeignKey(
        "RecapVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("current version"),
    )
    created_at = models.DateTimeField(_("prepared at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    forwarded_at = models.DateTimeField(_("forwarded at"), null=True, blank=True)
    forwarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("forwarded by"),
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("acknowledged by"),
    )

    objects = MonthlyRecapQuerySet.as_manager()

    class Meta:
        ordering = ["-month"]
        verbose_name = _("monthly co-working recap")
        verbose_name_plural = _("monthly co-working recaps")
        constraints = [
            models.CheckConstraint(condition=Q(month__day=1), name="recap_month_is_first_day")
        ]

    def __str__(self):
        return f"{self.month:%m-%Y}"

    @property
    def slug(self) -> str:
        return f"{self.month:%Y-%m}"


class RecapVersion(models.Model):
    """One version of a recap's content; frozen from submission on, never changed after."""

    recap = models.ForeignKey(MonthlyRecap, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    content = models.JSONField(_("content"))
    frozen = models.BooleanField(_("frozen"), default=False)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("made by"),
    )
    made_by_name = models.CharField(_("name"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=40)
    made_at = models.DateTimeField(_("made at"), default=timezone.now)
    reason = models.CharField(_("why"), max_length=255, blank=True)

    class Meta:
        ordering = ["recap", "number"]
        verbose_name = _("recap version")
        verbose_name_plural = _("recap versions")
        constraints = [
            models.UniqueConstraint(fields=["recap", "number"], name="recap_version_number_unique")
        ]

    def __str__(self):
        return f"{self.recap} v{self.number}"


class RecapEvent(models.Model):
    """One step of a recap along its chain: who, in which role, when, why."""

    recap = models.ForeignKey(MonthlyRecap, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(_("step"), max_length=30)
    from_state = models.CharField(_("from"), max_length=14, choices=RecapState.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=14, choices=RecapState.choices)
    version_number = models.PositiveSmallIntegerField(_("version"), null=True)
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
    at = models.DateTimeField(_("at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("recap step")
        verbose_name_plural = _("recap steps")

    def __str__(self):
        return f"{self.recap} {self.action}"


class CorrectionField(models.TextChoices):
    NAME = "name", _("Name")
    INSTITUTION = "institution", _("Institution")
    DESK = "desk", _("Desk")
    CHECK_IN = "in", _("Check-in time")
    CHECK_OUT = "out", _("Check-out time")
    REMOVE = "remove", _("Remove the session")


class RecapCorrection(models.Model):
    """One value the Kasi corrected, kept with who and when and the version it made."""

    recap = models.ForeignKey(MonthlyRecap, on_delete=models.PROTECT, related_name="corrections")
    version = models.ForeignKey(RecapVersion, on_delete=models.PROTECT, related_name="corrections")
    row_ref = models.CharField(_("reservation"), max_length=20)
    row_number = models.PositiveIntegerField(_("row"))
    field = models.CharField(_("field"), max_length=20, choices=CorrectionField.choices)
    old_value = models.CharField(_("was"), max_length=200, blank=True)
    new_value = models.CharField(_("now"), max_length=200, blank=True)
    reason = models.CharField(_("why"), max_length=255)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    by_name = models.CharField(_("name"), max_length=150, blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("recap correction")
        verbose_name_plural = _("recap corrections")

    def __str__(self):
        return f"{self.row_number} {self.field}"


class RecapNote(models.Model):
    """An annotation on a recap version (the Kasi's remarks); it changes no figure."""

    recap = models.ForeignKey(MonthlyRecap, on_delete=models.PROTECT, related_name="notes")
    version_number = models.PositiveSmallIntegerField(_("version"))
    text = models.TextField(_("note"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    by_name = models.CharField(_("name"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=40)
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("recap note")
        verbose_name_plural = _("recap notes")

    def __str__(self):
        return self.text[:40]


# ---------------------------------------------------------------- long renders


class JobStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a worker")
    RUNNING = "running", _("Being made")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class ReportJob(models.Model):
    """A report file made by a Celery worker while the page shows its progress."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    report = models.CharField(_("report"), max_length=40)
    period = models.CharField(_("period"), max_length=20)
    fmt = models.CharField(_("format"), max_length=4)
    language = models.CharField(max_length=8, default="id")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=8, choices=JobStatus.choices, default=JobStatus.PENDING
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    stage = models.CharField(_("stage"), max_length=100, blank=True)
    filename = models.CharField(max_length=120, blank=True)
    file = models.FileField(upload_to="reports/", blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The worker touches this while it renders; a running job whose heartbeat stopped
    # lost its worker (reports.tasks.rescue_stuck_report_jobs).
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("report being made")
        verbose_name_plural = _("reports being made")
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="report_job_progress_max")
        ]

    def __str__(self):
        return f"{self.report} {self.period} {self.fmt}"
