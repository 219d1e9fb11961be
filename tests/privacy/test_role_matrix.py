"""Who gets through where: every staff and object page, as every kind of visitor.

One table, EXPECTED, says for each address which visitors may pass. Everyone
else must be turned away (login page, 403 or 404) and must not change data.
Visitors: anonymous; an outsider applicant (holds the link of their own
reservation and request, and tries it on someone else's); a logged-in account
with no role; and each of the five roles.
"""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import get_resolver
from django.urls.resolvers import URLPattern, URLResolver

from reports import periods
from reports.actions import file_complaint, prepare_recap
from reports.models import ReportJob
from reservations import actions, tracking
from reservations.models import RequestState
from tests.privacy.conftest import NOW, request_visit, reserve

pytestmark = pytest.mark.django_db

ANON, APPLICANT, NO_ROLE = "anonymous", "applicant", "no_role"
ADMIN, SEKRETARIAT, KADIS, KABID, KASI = "admin", "sekretariat", "kadis", "kabid", "kasi"
ROLES = {ADMIN, SEKRETARIAT, KADIS, KABID, KASI}
VISITORS = [ANON, APPLICANT, NO_ROLE, ADMIN, SEKRETARIAT, KADIS, KABID, KASI]
NOBODY: set[str] = set()
READERS = {ADMIN, KASI, KABID, KADIS}

# (method, address template) -> visitors who get through.
EXPECTED = {
    # Co-working front desk (SOP 000): the Admin Pontive Center only.
    ("GET", "/coworking/scan/"): {ADMIN},
    ("GET", "/coworking/today/"): {ADMIN},
    ("GET", "/coworking/walk-in/"): {ADMIN},
    ("POST", "/coworking/today/{reservation_pk}/check-in/"): {ADMIN},
    ("POST", "/coworking/today/{reservation_pk}/check-out/"): {ADMIN},
    ("POST", "/coworking/today/{reservation_pk}/extend/"): {ADMIN},
    ("POST", "/coworking/today/{reservation_pk}/cancel/"): {ADMIN},
    # Someone else's reservation or request through the applicant's own token: nobody.
    ("GET", "/coworking/r/{own_token}x/"): NOBODY,
    ("POST", "/coworking/r/{own_token}x/cancel/"): NOBODY,
    ("GET", "/coworking/r/{own_token}x/qr.png"): NOBODY,
    ("GET", "/coworking/r/{own_token}x/ticket.pdf"): NOBODY,
    ("GET", "/coworking/r/{own_token}x/ticket.ics"): NOBODY,
    ("GET", "/coworking/r/{own_token}x/change/"): NOBODY,
    ("POST", "/coworking/r/{own_token}x/change/"): NOBODY,
    ("GET", "/privasi/data-saya/{own_token}/"): NOBODY,
    ("GET", "/privasi/data-saya/{own_token}/unduh/"): NOBODY,
    ("POST", "/privasi/data-saya/{own_token}/hapus/"): NOBODY,
    ("GET", "/permohonan/{victim_code}/{own_request_token}/"): NOBODY,
    ("POST", "/permohonan/{victim_code}/{own_request_token}/jawab/"): NOBODY,
    # One's own account: its two-factor setup.
    ("GET", "/staff/2fa/setup/"): ROLES | {NO_ROLE},
    # The request inboxes, pages and step forms in the admin (SOP 012/013).
    ("GET", "/admin/"): ROLES,
    ("GET", "/admin/reservations/servicerequest/"): ROLES,
    ("GET", "/admin/reservations/servicerequest/{submitted}/change/"): ROLES,
    ("GET", "/admin/reservations/servicerequest/standards/"): ROLES,
    ("POST", "/admin/reservations/servicerequest/{submitted}/step/receive_request/"): {ADMIN},
    ("POST", "/admin/reservations/servicerequest/{received}/step/register_letter/"): {SEKRETARIAT},
    ("POST", "/admin/reservations/servicerequest/{registered}/step/dispose_to_kabid/"): {KADIS},
    ("POST", "/admin/reservations/servicerequest/{with_kabid}/step/dispose_to_kasi/"): {KABID},
    ("POST", "/admin/reservations/servicerequest/{with_kasi}/step/confirm_schedule/"): {KASI},
    # Letter downloads and the disposition sheet: the office's chain.
    ("GET", "/admin/reservations/servicerequest/{submitted}/letter/"): ROLES,
    ("GET", "/admin/reservations/servicerequest/{registered}/disposition-sheet/"): ROLES,
    # Admin changelists of our models.
    ("GET", "/admin/reservations/leadershipblock/"): ROLES,
    ("GET", "/admin/reservations/leadershipblock/add/"): {ADMIN, KADIS, KASI},
    ("GET", "/admin/reservations/resource/"): ROLES,
    ("GET", "/admin/meetingroom/equipment/"): ROLES,
    ("GET", "/admin/meetingroom/damagereport/"): ROLES,
    ("GET", "/admin/coworking/desk/"): {ADMIN, KASI},
    ("GET", "/admin/coworking/reservation/"): {ADMIN, KASI},
    ("GET", "/admin/coworking/reservation/{reservation_pk}/change/"): {ADMIN, KASI},
    ("GET", "/admin/reservations/notification/"): {ADMIN},
    ("GET", "/admin/reservations/auditevent/"): {KADIS, KABID, KASI},
    ("GET", "/admin/reservations/openinghours/"): {ADMIN},
    ("GET", "/admin/reservations/holiday/"): {ADMIN, KASI},
    ("GET", "/admin/reservations/closure/"): {ADMIN, KADIS, KABID, KASI},
    ("GET", "/admin/reservations/servicepolicy/"): {ADMIN, KASI},
    ("GET", "/admin/auth/user/"): NOBODY,
    ("GET", "/admin/auth/group/"): NOBODY,
    # Reports and evaluation: the Admin, Kasi, Kabid and Kadis read them; the
    # Sekretariat has no part in them. A report file made by a worker is its
    # requester's alone.
    ("GET", "/laporan/"): READERS,
    ("GET", "/laporan/rekap/"): READERS,
    ("GET", "/laporan/rekap/{recap_slug}/"): READERS,
    ("GET", "/laporan/rekap/{recap_slug}/v{version}.{csv}"): READERS,
    ("POST", "/laporan/rekap/{recap_slug}/{submit}/"): {ADMIN},
    ("GET", "/laporan/{coworking}/{quarter}/"): READERS,
    ("GET", "/laporan/{coworking}/{quarter}.{csv}"): READERS,
    ("GET", "/laporan/aduan/"): READERS,
    ("POST", "/laporan/aduan/{complaint_pk}/jawab/"): {ADMIN},
    ("GET", "/laporan/berkas/{job_pk}/"): NOBODY,
    ("GET", "/laporan/berkas/{job_pk}/status/"): NOBODY,
    ("GET", "/laporan/berkas/{job_pk}/unduh/"): NOBODY,
}

# Addresses open to everyone by design, each with the reason.
PUBLIC = {
    "": "home page",
    "privasi/": "privacy notice",
    "privasi/data-saya/": "asking for one's data link (the link itself is in EXPECTED)",
    "healthz": "health check, says nothing",
    "i18n/setlang/": "language switch",
    "staff/": "sends a logged-in user on to their start page, shows nothing itself",
    "login/": "staff login",
    "login/code/": "second login step",
    "staff/2fa/": "second login step",
    "logout/": "logout",
    "kunjungan/": "public visit form",
    "ruang-rapat/": "public meeting-room form",
    "permohonan/": "lookup by code and email",
    "coworking/": "public desk reservation",
    "coworking/availability/": "free desks, no names",
    "aduan/": "public complaint form",
    "aduan/<str:service>/": "public complaint form of one service",
    "survei/<str:token>/": "satisfaction survey; the token is the invitation (one answer each)",
}


@pytest.fixture
def world(
    desks, admin_user, sekretariat_user, kadis_user, kabid_user, kasi_user, django_user_model
):
    """A victim's desk and requests at each step of the chain, and the applicant's own."""
    tuesday = dt.date(2026, 11, 24)
    with time_machine.travel(NOW - dt.timedelta(days=3), tick=False):
        victim_desk = reserve(desks[0], tuesday, email="korban@example.com", phone="+6281200000001")
        own_desk = reserve(desks[1], tuesday, email="pemohon@example.com", phone="+6281200000002")
        own_request = request_visit(dt.date(2026, 12, 1), email="pemohon@example.com")
        chain = {}
        keys = ["submitted", "received", "registered", "with_kabid", "with_kasi"]
        for n, (key, day) in enumerate(zip(keys, [2, 3, 4, 7, 8], strict=True)):
            chain[key] = request_visit(dt.date(2026, 12, day), email=f"korban{n}@example.org")
    steps = [
        ("receive_request", admin_user, {}),
        (
            "register_letter",
            sekretariat_user,
            {"letter_number": "421/1/2026", "letter_date": dt.date(2026, 11, 20)},
        ),
        ("dispose_to_kabid", kadis_user, {"instructions": ["proses"], "urgency": "biasa"}),
        ("dispose_to_kasi", kabid_user, {"instructions": ["koordinasi"]}),
    ]
    for depth, key in enumerate(["received", "registered", "with_kabid", "with_kasi"], start=1):
        for action, actor, extra in steps[:depth]:
            getattr(actions, action)(service_request=chain[key], actor=actor, **extra)
    with time_machine.travel(NOW, tick=False):
        recap = prepare_recap(period=periods.month(2026, 10), by=admin_user)
        complaint = file_complaint(
            service="coworking", name="Warga", email="warga@example.com",
            phone="+6281200000009", message="AC di ruang co-working mati.",
        )  # fmt: skip
        stranger = django_user_model.objects.create_user("pegawai-lain", is_staff=True)
        job = ReportJob.objects.create(
            report="coworking", period="2026-Q4", fmt="pdf", requested_by=stranger
        )
    return {
        "recap_slug": recap.slug,
        "version": 1,
        "submit": "submit",
        "coworking": "coworking",
        "quarter": "2026-Q4",
        "csv": "csv",
        "complaint_pk": complaint.pk,
        "job_pk": job.pk,
        "reservation_pk": victim_desk.pk,
        "own_token": own_desk.manage_token,
        "own_request_token": tracking.status_path(own_request).rstrip("/").rsplit("/", 1)[1],
        "own_paths": [f"/coworking/r/{own_desk.manage_token}/", tracking.status_path(own_request)],
        "victim_code": chain["submitted"].code,
        **{key: req.pk for key, req in chain.items()},
        "states": {key: req.state for key, req in chain.items()},
    }


def _client_for(visitor, client, request, world):
    if visitor in (ANON, APPLICANT):
        if visitor == APPLICANT:
            for path in world["own_paths"]:
                assert client.get(path).status_code == 200  # their own links work
        return client
    persona = "outsider_user" if visitor == NO_ROLE else f"{visitor}_user"
    client.force_login(request.getfixturevalue(persona))
    return client


def _got_through(response) -> bool:
    if response.status_code in (401, 403, 404, 405):
        return False
    if response.status_code == 302:
        target = response["Location"]
        return "/login/" not in target
    assert response.status_code < 500, response.status_code
    return response.status_code == 200


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize(("method", "template"), list(EXPECTED))
def test_only_the_rightful_get_through(visitor, method, template, client, request, world):
    path = template.format(**world)
    with time_machine.travel(NOW, tick=False):
        client = _client_for(visitor, client, request, world)
        states_before = _states(world)
        response = client.get(path) if method == "GET" else client.post(path, _step_data(path))
        allowed = visitor in EXPECTED[(method, template)]
        assert _got_through(response) is allowed, (visitor, path, response.status_code)
        if not allowed:
            assert _states(world) == states_before


def _states(world):
    from coworking.models import Reservation
    from reservations.models import ServiceRequest

    return (
        Reservation.objects.get(pk=world["reservation_pk"]).status,
        dict(ServiceRequest.objects.values_list("pk", "state")),
    )


def _step_data(path: str) -> dict:
    """A step form filled in the way its rightful role would."""
    action = path.rstrip("/").rsplit("/", 1)[1]
    fields = {
        "register_letter": {"letter_number": "421/1/2026", "letter_date": "2026-11-20"},
        "dispose_to_kabid": {
            "instructions": "proses",
            "security_class": "biasa",
            "urgency": "biasa",
        },
        "dispose_to_kasi": {
            "instructions": "koordinasi",
            "security_class": "biasa",
            "urgency": "biasa",
        },
        "confirm_schedule": {"no_buffet_checked": "on"},
    }.get(action, {})
    return {f"{action}-{name}": value for name, value in fields.items()}


def test_the_rightful_step_actually_moved_the_request(client, admin_user, world):
    """The table's POST rows are real actions: the Admin's receive_request went through."""
    from reservations.models import ServiceRequest

    client.force_login(admin_user)
    with time_machine.travel(NOW, tick=False):
        client.post(
            f"/admin/reservations/servicerequest/{world['submitted']}/step/receive_request/"
        )
    assert ServiceRequest.objects.get(pk=world["submitted"]).state == RequestState.RECEIVED


# ---------------------------------------------------------------- no personal data in URLs

PERSONAL = re.compile(r"email|e_mail|phone|telepon|telp|hp|whatsapp|wa|nik|name|nama", re.I)


def _patterns(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def test_no_address_of_the_project_takes_an_email_or_a_phone_number():
    checked = 0
    for route, _entry in _patterns():
        for parameter in re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", route):
            name = next(part for part in parameter if part)
            assert not PERSONAL.search(name), f"{route} takes {name!r}"
            checked += 1
    assert checked > 20  # the walk really went through the project's addresses


def _shape(route: str) -> str:
    """'coworking/r/<str:token>/qr.png' and 'coworking/r/{own_token}x/qr.png' look alike."""
    return re.sub(r"<[^>]+>|\{[^}]+\}x?", "*", route.lstrip("/"))


def test_every_address_outside_the_admin_is_in_the_table_or_public_by_design():
    """A new page must be added to EXPECTED (or to PUBLIC, with its reason)."""
    covered = {_shape(template) for _, template in EXPECTED}
    for route, _entry in _patterns():
        if route.startswith("admin/"):
            continue
        assert route in PUBLIC or _shape(route) in covered, f"{route} is in no table"
