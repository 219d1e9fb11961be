"""Demo inventory of the meeting room and the centre, damage, and loans in several states."""

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

from . import actions as equipment_actions
from .models import DamageReport, Equipment

M = Service.MEETING_ROOM

# (name, quantity, lendable) — SOP 001: computer, TV, projector, screen wall, video conference, AC.
ROOM_ITEMS = [
    ("Komputer (PC)", 2, True),
    ("TV 65 inci", 2, True),
    ("Proyektor", 1, True),
    ("Layar proyektor (screen wall)", 1, True),
    ("Perangkat video conference", 1, True),
    ("AC", 3, False),
]
PORTABLE_ITEMS = [("Mikrofon nirkabel", 4, True), ("Laptop presentasi", 2, True)]
CENTRE_ITEMS = [("Video wall ruang komando", 1, False), ("Komputer operator", 6, False)]


def _equipment(room, centre) -> dict[str, Equipment]:
    items = {}
    for resource, rows in ((room, ROOM_ITEMS), (None, PORTABLE_ITEMS), (centre, CENTRE_ITEMS)):
        for name, quantity, lendable in rows:
            item, _created = Equipment.objects.get_or_create(
                resource=resource,
                name=name,
                defaults={"quantity": quantity, "lendable": lendable},
            )
            items[name] = item
    return items


def _loan(institution, kind, day, start, end, people, *, submitted, email, title, wanted, **kw):
    req = actions.submit_request(
        service=M,
        institution=institution,
        institution_kind=kind,
        contact_name="Narahubung " + institution.split()[0],
        email=email,
        phone="+6281234500002",
        participants=people,
        start=at(day, *start),
        end=at(day, *end),
        purpose=f"{title}: rapat dan presentasi.",
        event_title=title,
        no_buffet=True,
        equipment=wanted,
        letter=letter_upload(f"Surat Permohonan Peminjaman Ruang Rapat - {institution}"),
        now=submitted,
        **kw,
    )
    backdate(req, submitted)
    return req


def seed(stdout) -> None:
    room = Resource.objects.get(service=M)
    if room.capacity is None:
        room.capacity = 30
        room.save(update_fields=["capacity"])
    centre = Resource.objects.get(service=Service.VISIT)
    items = _equipment(room, centre)
    if ServiceRequest.objects.loans().exists():
        stdout.write("  meeting room: already there")
        return
    mark = last_notification_pk()
    now = timezone.now()
    today = timezone.localdate()
    # The last working morning: the demo steps then count real office minutes.
    last_morning = at(service_day(M, today - dt.timedelta(days=1), backwards=True), 8, 0)
    admin = staff("admin")

    # Damage: one microphone out of service now; a TV that was repaired last month.
    if not DamageReport.objects.exists():
        equipment_actions.report_damage(
            actor=admin, equipment=items["Mikrofon nirkabel"], quantity=1,
            description="Mikrofon tidak menyala walau baterai baru.", now=last_morning,
        )  # fmt: skip
        tv = equipment_actions.report_damage(
            actor=admin, equipment=items["TV 65 inci"], quantity=1,
            description="Layar bergaris setelah pemadaman listrik.",
            now=now - dt.timedelta(days=40),
        )  # fmt: skip
        equipment_actions.mark_repaired(
            actor=admin, report=tv, note="Panel diganti oleh teknisi vendor.",
            now=now - dt.timedelta(days=33),
        )  # fmt: skip

    id_of = {name: item.pk for name, item in items.items()}
    next_week = service_day(M, today + dt.timedelta(days=7))
    day2 = service_day(M, next_week + dt.timedelta(days=1))
    day3 = service_day(M, day2 + dt.timedelta(days=2))

    _loan(
        "Bappeda Kota Pontianak", "government", next_week, (9, 0), (12, 0), 25,
        submitted=now - dt.timedelta(hours=2), email="bappeda@example.org",
        title="Rapat koordinasi Musrenbang",
        wanted={id_of["Proyektor"]: 1, id_of["Mikrofon nirkabel"]: 2},
    )  # fmt: skip
    dinkes = _loan(
        "Dinas Kesehatan Kota Pontianak", "government", day2, (13, 0), (15, 0), 20,
        submitted=last_morning, email="dinkes@example.org", title="Sosialisasi aplikasi posyandu",
        wanted={id_of["TV 65 inci"]: 1, id_of["Perangkat video conference"]: 1},
    )  # fmt: skip
    startup = _loan(
        "Start-up Khatulistiwa Hub", "company", day2, (13, 30), (15, 0), 15,
        submitted=last_morning + dt.timedelta(minutes=10), email="halo@khatulistiwahub.example.org",
        title="Demo day start-up", wanted={id_of["Proyektor"]: 1},
    )  # fmt: skip
    # The start-up asked for an overlapping time before the Dinkes loan was approved.
    walk(dinkes, "schedule_request", start=last_morning)
    walk(startup, "dispose_to_kasi", start=last_morning + dt.timedelta(minutes=10))
    actions.propose_reschedule(
        service_request=startup, actor=staff("kasi"), start=at(day3, 9, 0), end=at(day3, 11, 0),
        public_note="Ruang rapat dipakai Dinas Kesehatan pada jam itu; kami tawarkan waktu lain.",
        now=last_morning + dt.timedelta(hours=4),
    )  # fmt: skip
    ump = _loan(
        "Universitas Muhammadiyah Pontianak", "university", day3, (13, 0), (15, 0), 30,
        submitted=last_morning, email="ump@example.org", title="Seminar literasi digital",
        wanted={id_of["Mikrofon nirkabel"]: 4, id_of["Laptop presentasi"]: 1},
    )  # fmt: skip
    walk(ump, "confirm_schedule", start=last_morning)
    karang = _loan(
        "Karang Taruna Kecamatan Pontianak Kota", "community", day3, (9, 0), (10, 0), 10,
        submitted=last_morning, email="karangtaruna@example.org", title="Rapat pengurus",
        wanted={},
    )  # fmt: skip
    actions.cancel_request(
        service_request=karang, reason="Rapat dipindah ke kantor kelurahan.",
        now=last_morning + dt.timedelta(hours=1),
    )  # fmt: skip

    past_day = service_day(M, today - dt.timedelta(days=14), backwards=True)
    asked = at(service_day(M, past_day - dt.timedelta(days=6), backwards=True), 8, 0)
    bps = _loan(
        "BPS Kota Pontianak", "government", past_day, (9, 0), (12, 0), 28, submitted=asked,
        email="bps@example.org", title="Diseminasi data statistik sektoral",
        wanted={id_of["Proyektor"]: 1, id_of["Komputer (PC)"]: 1},
    )  # fmt: skip
    walk(bps, "schedule_request", start=asked, step_minutes=50)
    actions.complete_request(service_request=bps, actor=admin, now=at(past_day, 12, 30))
    actions.record_event_report(
        service_request=bps, actor=admin, now=at(past_day, 13, 0),
        note="Acara berjalan lancar, 28 peserta hadir. Proyektor dan PC berfungsi baik.",
    )  # fmt: skip
    forget_demo_emails(mark)
    stdout.write(
        f"  meeting room: {len(items)} items, {ServiceRequest.objects.loans().count()} loans"
    )
