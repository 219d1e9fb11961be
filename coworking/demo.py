"""Demo data: the desks of the Start Up Hub and a month of reservations around today.

Safe to run again: desks are matched by number, and a day that already has demo
reservations is left alone, so a second run adds only days the first did not
cover (today moves on). The state of each sample follows from the clock: a
slot that has begun is present or a no-show, one that has ended is finished.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from reservations import calendar
from reservations.codes import new_code
from reservations.models import Service
from reservations.privacy import PRIVACY_NOTICE_VERSION

from .hours import day_facts
from .models import CheckInMethod, Desk, Reservation, ReservationEvent, Status
from .services import session_end

DEMO_DOMAIN = "demo.example.org"
ZONES = {1: "Jendela", 2: "Jendela", 3: "Tengah", 4: "Tenang"}
PEOPLE = [
    ("Ayu Lestari", "Universitas Tanjungpura"),
    ("Bagus Pratama", "Borneo Kode Studio"),
    ("Citra Maharani", ""),
    ("Dedi Kurniawan", "Politeknik Negeri Pontianak"),
    ("Eka Putri", "Kopi Digital Khatulistiwa"),
    ("Fajar Hidayat", ""),
    ("Gita Anggraini", "SMK Negeri 7 Pontianak"),
    ("Hadi Santoso", "Startup Agro Kalbar"),
    ("Indah Permata", ""),
    ("Joko Saputra", "Komunitas Developer Pontianak"),
    ("Kartika Sari", "IAIN Pontianak"),
    ("Lukman Hakim", "Toko Daring Sungai Kapuas"),
]
# (start, end) of the demo slots of a day; the person and desk vary by day.
SLOTS = [
    (dt.time(7, 30), dt.time(11, 30)),
    (dt.time(8, 0), dt.time(15, 0)),
    (dt.time(8, 30), dt.time(12, 0)),
    (dt.time(9, 0), dt.time(14, 0)),
    (dt.time(10, 0), dt.time(15, 30)),
    (dt.time(13, 0), dt.time(15, 45)),
]


def seed(stdout) -> None:
    desks = _desks()
    now = timezone.now()
    today = timezone.localdate(now)
    created = 0
    for offset in range(-30, 4):
        day = today + dt.timedelta(days=offset)
        if not calendar.is_service_day(day, Service.COWORKING):
            continue
        if Reservation.objects.filter(day=day, email__endswith=f"@{DEMO_DOMAIN}").exists():
            continue
        created += _seed_day(day, desks, now)
    stdout.write(f"  co-working: {len(desks)} desks, {created} demo reservations added")


def _desks() -> list[Desk]:
    desks = []
    for number in range(1, 21):
        row, column = divmod(number - 1, 5)
        desk, _created = Desk.objects.get_or_create(
            number=number,
            defaults={
                "zone": ZONES[row + 1],
                "has_locker": number <= 12,
                "locker": f"L{number:02d}" if number <= 12 else "",
                "has_computer": number % 2 == 0,
                "map_row": row + 1,
                "map_column": column + 1,
            },
        )
        desks.append(desk)
    return desks


def _seed_day(day: dt.date, desks: list[Desk], now: dt.datetime) -> int:
    rng = random.Random(day.toordinal())
    count = 0
    used = rng.sample(desks, k=len(SLOTS))
    people = rng.sample(range(len(PEOPLE)), k=len(SLOTS))
    for index, ((start_t, end_t), desk, who) in enumerate(zip(SLOTS, used, people, strict=True)):
        name, institution = PEOPLE[who]
        if index == 5 and rng.random() < 0.5:
            continue  # not every afternoon is busy
        start = timezone.make_aware(dt.datetime.combine(day, start_t))
        end = timezone.make_aware(dt.datetime.combine(day, end_t))
        comes = rng.random() > 0.15  # about one in seven does not show up
        cancels = day > timezone.localdate(now) and rng.random() < 0.1
        walk_in = comes and rng.random() < 0.1
        handle = name.split()[0].lower()
        reservation = Reservation(
            code=new_code("PCW"),
            manage_token=new_code("M"),
            desk=desk,
            name=name,
            email=f"{handle}.{day:%m%d}@{DEMO_DOMAIN}",
            phone=f"+62812{day:%m%d}{index:02d}{who:02d}",
            institution=institution,
            start=start,
            end=end,
            held_until=end,
            walk_in=walk_in,
            privacy_version=PRIVACY_NOTICE_VERSION,
        )
        reservation.save()
        _event(reservation, "", Status.RESERVED, start - dt.timedelta(days=2), "walk-in" * walk_in)
        count += 1
        if cancels:
            _event(reservation, Status.RESERVED, Status.CANCELLED, start - dt.timedelta(days=1))
            reservation.status = Status.CANCELLED
        elif now < start:
            pass  # still reserved
        elif not comes:
            if now >= reservation.release_at:
                _event(reservation, Status.RESERVED, Status.NO_SHOW, reservation.release_at)
                reservation.status = Status.NO_SHOW
        else:
            arrived = start + dt.timedelta(minutes=rng.randint(-10, 25))
            if arrived > now:
                continue
            limit = session_end(booked_end=end, checked_in_at=arrived, facts=day_facts(day))
            reservation.status = Status.CHECKED_IN
            reservation.checked_in_at = arrived
            reservation.check_in_method = (
                CheckInMethod.MANUAL if walk_in or rng.random() < 0.1 else CheckInMethod.SCAN
            )
            reservation.session_ends_at = limit
            reservation.held_until = max(end, limit)
            _event(reservation, Status.RESERVED, Status.CHECKED_IN, arrived)
            leaves = end + dt.timedelta(minutes=rng.randint(-60, 10))
            overstays = rng.random() < 0.1
            if overstays and now >= limit:
                reservation.status = Status.FINISHED
                reservation.checked_out_at = limit
                reservation.auto_closed = True
                _event(reservation, Status.CHECKED_IN, Status.FINISHED, limit, "auto-closed")
            elif not overstays and now >= leaves:
                reservation.status = Status.FINISHED
                reservation.checked_out_at = min(leaves, limit)
                reservation.left_tidy = rng.random() > 0.05
                _event(reservation, Status.CHECKED_IN, Status.FINISHED, reservation.checked_out_at)
        reservation.save()
    return count


def _event(reservation, before, after, at, note="") -> None:
    ReservationEvent.objects.create(
        reservation=reservation,
        from_status=before,
        to_status=after,
        role=ReservationEvent.SYSTEM if after == Status.NO_SHOW else "demo",
        at=at,
        note=note,
    )
