"""Every staff page links each of the signed-in role's work lists, with what waits in each."""

import datetime as dt
import re

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from coworking import services as coworking
from coworking.models import Desk, Reservation
from reports import actions as report_actions
from reports import periods
from reports.models import Complaint
from reservations import actions
from reservations.demo_requests import letter_upload
from reservations.models import Service

pytestmark = pytest.mark.django_db

# Tuesday 1 December 2026, 08.30 WIB: a service day.
NOW = timezone.make_aware(dt.datetime(2026, 12, 1, 8, 30))


def bar(html: str) -> dict[str, int | None]:
    """The work lists the bar shows: key -> count (None when the list has no count)."""
    assert 'id="staff-worklists"' in html, "no work-list bar on this page"
    section = html.split('id="staff-worklists"', 1)[1].split("</nav>")[0].split("</div>")[0]
    links = {}
    for key, inner in re.findall(r'data-worklist="([^"]+)">(.*?)</a>', section, re.S):
        count = re.search(r'worklist-count">(\d+)<', inner)
        links[key] = int(count.group(1)) if count else None
    return links


@pytest.fixture(autouse=True)
def _on_that_morning():
    """Staff log in on the morning the tests look at (a session idles out after 2 hours)."""
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture
def waiting(db):
    """What waits at 08.30: a visitor expected and one present, a visit request just sent,
    October's recap prepared, two complaints unanswered."""
    with time_machine.travel(NOW - dt.timedelta(days=7), tick=False):
        actions.submit_request(
            service=Service.VISIT,
            institution="SMA Negeri 1 Pontianak",
            institution_kind="school",
            contact_name="Ibu Ratna",
            email="guru@sman1.example.org",
            phone="+6281234567890",
            participants=20,
            start=NOW + dt.timedelta(days=2),
            end=NOW + dt.timedelta(days=2, hours=2),
            purpose="Studi wisata kelas XI tentang kota cerdas",
            letter=letter_upload(),
        )
    with time_machine.travel(dt.datetime(2026, 11, 2, 8, 0, tzinfo=NOW.tzinfo), tick=False):
        report_actions.prepare_recap(period=periods.month(2026, 10))
    for n in (1, 2):
        Complaint.objects.create(
            code=f"ADU-{n}",
            service=Service.COWORKING,
            name="Rudi",
            message="Internet mati.",
            received_on=NOW.date(),
        )
    desk_one = Desk.objects.create(number=1, map_row=1, map_column=1)
    Desk.objects.create(number=2, map_row=1, map_column=2)
    yesterday = NOW - dt.timedelta(days=1)
    for n, (start, end) in enumerate([(8, 12), (10, 14)]):
        coworking.reserve_desk(
            desk=desk_one if n == 0 else None,
            name=f"Warga {n}",
            email=f"warga{n}@example.com",
            phone=f"+62812340000{n}",
            start=NOW.replace(hour=start, minute=0),
            end=NOW.replace(hour=end, minute=0),
            now=yesterday,
        )
    # the first visitor is in the room
    first = Reservation.objects.get(email="warga0@example.com")
    coworking.check_in(code=first.code, actor=None, role="system", now=NOW)


ADMIN_PAGES = [
    "/coworking/scan/",
    "/coworking/scan/?mode=out",
    "/coworking/today/",
    "/coworking/walk-in/",
    "/laporan/",
    "/laporan/rekap/",
    "/laporan/aduan/",
    "/admin/",
    "/admin/reservations/servicerequest/",
]


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_every_page_of_the_admin_links_each_of_their_work_lists_with_counts(
    client_as, admin_user, waiting, url
):
    client = client_as(admin_user)
    with time_machine.travel(NOW, tick=False):
        response = client.get(url)
    assert response.status_code == 200
    assert bar(response.content.decode()) == {
        "coworking-scan": 1,  # the 10.00 visitor, still expected
        "coworking-today": 1,  # the 08.00 visitor, in the room
        "requests": 1,  # the visit request, waiting to be received
        "recaps": 1,  # October's recap, waiting to be submitted
        "complaints": 2,
        "reports": None,
    }


@pytest.mark.parametrize(
    "persona, url, expected",
    [
        ("kasi_user", "/laporan/", {"requests": 0, "recaps": 0, "reports": None}),
        ("kabid_user", "/laporan/rekap/", {"requests": 0, "recaps": 0, "reports": None}),
        ("kadis_user", "/admin/", {"requests": 0, "reports": None}),
        ("sekretariat_user", "/admin/", {"requests": 0}),
    ],
)
def test_each_role_sees_its_own_work_lists(client_as, request, waiting, persona, url, expected):
    client = client_as(request.getfixturevalue(persona))
    with time_machine.travel(NOW, tick=False):
        response = client.get(url)
    assert response.status_code == 200
    assert bar(response.content.decode()) == expected


def test_the_counts_follow_the_work_within_half_a_minute(client_as, admin_user, waiting):
    client = client_as(admin_user)
    with time_machine.travel(NOW, tick=False):
        assert bar(client.get("/laporan/aduan/").content.decode())["complaints"] == 2
        complaint = Complaint.objects.first()
        report_actions.answer_complaint(
            complaint=complaint, answer="Sudah diperbaiki.", by=admin_user
        )
        cache.clear()  # or wait the half minute the counts are kept
        assert bar(client.get("/laporan/aduan/").content.decode())["complaints"] == 1


def test_citizens_and_people_without_a_role_see_no_work_lists(client, client_as, outsider_user):
    assert 'id="staff-worklists"' not in client.get("/").content.decode()
    assert 'id="staff-worklists"' not in client_as(outsider_user).get("/").content.decode()
