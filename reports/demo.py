"""Demo evaluation data: survey answers, complaints and last month's co-working recap."""

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from reservations.models import Service
from reservations.roles import Role

from . import actions
from .models import (
    Complaint,
    ComplaintChannel,
    Education,
    Element,
    MonthlyRecap,
    Occupation,
    Sex,
    SurveyAnswer,
    SurveyResponse,
)
from .periods import month_before

COMPLAINTS = [
    (Service.COWORKING, "Wifi di meja dekat jendela sering putus pada siang hari."),
    (Service.COWORKING, "Loker nomor 7 tidak bisa dikunci."),
    (Service.MEETING_ROOM, "Proyektor ruang rapat redup, tulisan sulit dibaca dari belakang."),
    (Service.VISIT, "Konfirmasi jadwal kunjungan kami baru datang sehari sebelumnya."),
]


def seed(stdout) -> None:
    today = timezone.localdate()
    rng = random.Random(2026)
    answers = 0
    if not SurveyResponse.objects.filter(ballot__startswith="demo-").exists():
        for n in range(60):
            day = today - dt.timedelta(days=rng.randint(1, 75))
            service = rng.choice([Service.COWORKING] * 3 + [Service.VISIT, Service.MEETING_ROOM])
            response = SurveyResponse.objects.create(
                ballot=f"demo-{n}",
                service=service,
                service_date=day,
                submitted_on=day + dt.timedelta(days=1),
                sex=rng.choice(Sex.values),
                age=rng.randint(17, 58),
                education=rng.choice(Education.values),
                occupation=rng.choice(Occupation.values),
                suggestion=rng.choice(["", "", "Tambah colokan listrik.", "Pelayanan ramah."]),
            )
            SurveyAnswer.objects.bulk_create(
                SurveyAnswer(
                    response=response,
                    element=code,
                    score=4 if code == "U4" else rng.choice([2, 3, 3, 3, 4, 4]),
                )
                for code in Element.values
            )
            answers += 1
    added = 0
    if not Complaint.objects.filter(email__endswith="@aduan.example").exists():
        admin = get_user_model().objects.filter(groups__name=Role.ADMIN).first()
        for n, (service, message) in enumerate(COMPLAINTS):
            complaint = Complaint.objects.create(
                code=f"ADU-DEMO{n}",
                service=service,
                channel=ComplaintChannel.WEB if n % 2 == 0 else ComplaintChannel.SOCIAL,
                name=f"Warga {n + 1}",
                email=f"warga{n + 1}@aduan.example",
                message=message,
                received_on=today - dt.timedelta(days=3 * n + 1),
                privacy_version="2026-11",
            )
            if n == 0 and admin is not None:
                actions.answer_complaint(
                    complaint=complaint,
                    by=admin,
                    answer="Titik akses di sisi jendela sudah kami tambah. Terima kasih.",
                )
            added += 1
    period = month_before(today)
    recap = ""
    if not MonthlyRecap.objects.filter(month=period.start).exists():
        actions.prepare_recap(period=period)
        recap = f", recap of {period.slug} prepared"
    stdout.write(f"  reports: {answers} survey answers, {added} complaints{recap}")
