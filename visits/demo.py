"""Demo visits in several states, walked through the chain by the demo staff."""

import datetime as dt

from django.utils import timezone

from reservations import actions
from reservations.demo_requests import (
    at,
    backdate,
    forget_demo_emails,
    last_notification_pk,
    letter_upload,
    service_day,
    staff,
    walk,
)
from reservations.models import Resource, Service, ServiceRequest

V = Service.VISIT


def _visit(institution, kind, day, start, end, people, *, submitted, email, purpose):
    req = actions.submit_request(
        service=V,
        institution=institution,
        institution_kind=kind,
        contact_name="Narahubung " + institution.split()[0],
        email=email,
        phone="+6281234500001",
        participants=people,
        start=at(day, *start),
        end=at(day, *end),
        purpose=purpose,
        letter=letter_upload(f"Surat Permohonan Kunjungan - {institution}"),
        now=submitted,
    )
    backdate(req, submitted)
    return req


def seed(stdout) -> None:
    centre = Resource.objects.get(service=V)
    if centre.capacity is None:
        centre.capacity = 40
        centre.save(update_fields=["capacity"])
    if ServiceRequest.objects.visits().exists():
        stdout.write("  visits: already there")
        return
    mark = last_notification_pk()
    now = timezone.now()
    today = timezone.localdate()
    # The last working morning: the demo steps then count real office minutes.
    last_morning = at(service_day(V, today - dt.timedelta(days=1), backwards=True), 8, 0)
    next_week = service_day(V, today + dt.timedelta(days=7))
    later = service_day(V, next_week + dt.timedelta(days=2))
    between = service_day(V, next_week + dt.timedelta(days=1))

    _visit(
        "SMA Negeri 1 Pontianak", "school", next_week, (9, 0), (11, 0), 35,
        submitted=now - dt.timedelta(hours=3), email="tu@sman1.example.org",
        purpose="Studi wisata kelas XI: mengenal layanan kota cerdas Pontianak.",
    )  # fmt: skip
    untan = _visit(
        "Universitas Tanjungpura, Fakultas Teknik", "university", later, (13, 0), (15, 0), 30,
        submitted=last_morning, email="ft@untan.example.org",
        purpose="Kuliah lapangan mata kuliah Sistem Informasi Perkotaan.",
    )  # fmt: skip
    walk(untan, "register_letter", start=last_morning)
    smp = _visit(
        "SMP Negeri 10 Pontianak", "school", later, (13, 30), (15, 0), 25,
        submitted=last_morning + dt.timedelta(minutes=5), email="smpn10@example.org",
        purpose="Kunjungan OSIS ke ruang komando.",
    )  # fmt: skip
    walk(smp, "dispose_to_kasi", start=last_morning + dt.timedelta(minutes=5))
    polnep = _visit(
        "Politeknik Negeri Pontianak", "university", between, (9, 0), (11, 0), 20,
        submitted=last_morning, email="humas@polnep.example.org",
        purpose="Benchmarking pusat komando untuk program studi Teknik Informatika.",
    )  # fmt: skip
    walk(polnep, "schedule_request", start=last_morning)
    community = _visit(
        "Komunitas Pontianak Digital", "community", between, (13, 0), (14, 0), 15,
        submitted=last_morning, email="halo@pontianakdigital.example.org",
        purpose="Temu komunitas dan diskusi data terbuka.",
    )  # fmt: skip
    walk(community, "dispose_to_kasi", start=last_morning)
    actions.reject_request(
        service_request=community, actor=staff("kasi"), now=last_morning + dt.timedelta(hours=3),
        reason="Pada jam itu ruang komando dipakai untuk rapat pimpinan. Silakan ajukan hari lain.",
    )  # fmt: skip

    past_day = service_day(V, today - dt.timedelta(days=21), backwards=True)
    asked = at(service_day(V, past_day - dt.timedelta(days=7), backwards=True), 8, 0)
    dinas = _visit(
        "Dinas Pendidikan dan Kebudayaan Kota Pontianak", "government", past_day, (9, 0),
        (10, 30), 12, submitted=asked, email="disdikbud@example.org",
        purpose="Peninjauan dasbor pendidikan di ruang komando.",
    )  # fmt: skip
    walk(dinas, "schedule_request", start=asked, step_minutes=45)
    actions.complete_request(service_request=dinas, actor=staff("admin"), now=at(past_day, 11, 0))
    forget_demo_emails(mark)
    stdout.write(f"  visits: {ServiceRequest.objects.visits().count()} requests in several states")
