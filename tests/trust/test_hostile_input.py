"""Hostile input at every public form and at the front desk's scan field.

Hypothesis throws long strings, Unicode, HTML and SQL fragments, malformed
dates and numbers, huge numbers, repeated and missing fields at the co-working
reservation, the desk map, the visit and meeting-room requests, the status
lookup and its pages, and the scan field (HTML and JSON). Whatever comes in:
never a 500, and when the portal refuses, not one row of our apps changed.
Valid values are mixed in so that refusals also come from deep in the actions,
not only from the first field a form checks. (The portal has no complaint or
survey form yet; add it here when it comes.)
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from urllib.parse import quote

import pytest
import time_machine
from django.apps import apps
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coworking import services as coworking
from coworking.models import Desk
from reservations import actions, tracking
from reservations.demo_requests import letter_pdf
from reservations.models import Service

OUR_APPS = ["reservations", "coworking", "visits", "meetingroom"]
# The calendar copies a year's public holidays on the first question about that
# year (a reference table, like a cache); a refused date may fill it.
REFERENCE = {"reservations.Holiday", "reservations.HolidayImport"}

# Tuesday 24 November 2026, 08.00 WIB; Thursday 26 November is an ordinary service day.
NOW = dt.datetime(2026, 11, 24, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
DAY = dt.date(2026, 11, 26)

EXAMPLES = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)

FRAGMENTS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE coworking_reservation; --",
    "' OR '1'='1",
    "1; SELECT pg_sleep(5)",
    "{{ request.user }}{% debug %}",
    "%(code)s %s %d",
    "../../etc/passwd",
    "\x00",
    "a\x00b",
    "\u202eKJG-1",
    "\ufeff",
    "😀👍🏽",
    "Ḁ̶̧̛̖͎",
    "中文输入",
    "إدخال",
    "x" * 5000,
    "-1",
    "0",
    "1e309",
    "NaN",
    "-Infinity",
    "99999999999999999999999999999999",
    "0x7fffffff",
    "2026-02-30",
    "2026-13-01",
    "0000-00-00",
    "0001-01-01",
    "9999-12-31",
    "26/11/2026",
    "24:00",
    "25:61",
    "-01:00",
    "08:00:00.999999999",
    " ",
    "",
]
MISSING = object()

hostile = st.one_of(
    st.sampled_from(FRAGMENTS),
    st.text(max_size=200),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=40).map(lambda s: s * 60),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.dates().map(dt.date.isoformat),
    st.times().map(dt.time.isoformat),
)


def field(valid):
    """A field's value: left out, hostile, repeated, or the valid one."""
    return st.one_of(
        st.just(MISSING),
        hostile,
        st.lists(hostile, min_size=2, max_size=3),
        st.just(valid),
        st.just(valid),
    )


def form(valid: dict) -> st.SearchStrategy[dict]:
    return st.fixed_dictionaries({name: field(value) for name, value in valid.items()}).map(
        lambda data: {k: v for k, v in data.items() if v is not MISSING}
    )


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for label in OUR_APPS
        for model in apps.get_app_config(label).get_models()
        if model._meta.label not in REFERENCE
    }


@contextmanager
def unchanged_unless(changed):
    """Rows of our apps must not change unless ``changed()`` says the portal accepted."""
    before = row_counts()
    yield
    if not changed():
        assert row_counts() == before


def anonymous() -> Client:
    # Each example is a fresh citizen: rate limits would otherwise answer 429 to
    # everything after the tenth and test nothing.
    cache.clear()
    return Client(REMOTE_ADDR="203.0.113.7")


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def desks(db):
    return [
        Desk.objects.create(number=n, map_row=1, map_column=n, is_active=n != 4)
        for n in range(1, 5)
    ]


# ---------------------------------------------------------------- co-working


RESERVATION = {
    "date": DAY.isoformat(),
    "start": "08:00",
    "end": "12:00",
    "desk": "1",
    "name": "Warga Pontianak",
    "email": "warga@example.com",
    "phone": "0812-3456-7890",
    "institution": "Startup Khatulistiwa",
    "consent": "on",
    "check": MISSING,
}


@pytest.mark.django_db
@given(data=form(RESERVATION))
@EXAMPLES
def test_the_reservation_form_never_fails_and_a_refusal_changes_nothing(data, desks, clock):
    answer = {}
    with unchanged_unless(lambda: answer["status"] == 302):
        response = anonymous().post("/coworking/", data)
        answer["status"] = response.status_code
    assert response.status_code in (200, 302, 400, 429)


@pytest.mark.django_db
@given(data=form({k: RESERVATION[k] for k in ("date", "start", "end")}))
@EXAMPLES
def test_the_desk_map_answers_any_slot_with_json(data, desks, clock):
    with unchanged_unless(lambda: False):
        response = anonymous().get("/coworking/availability/", data)
    assert response.status_code in (200, 429)
    if response.status_code == 200:
        assert "desks" in response.json()


@pytest.mark.django_db
@given(token=st.one_of(hostile, st.just("M-" + "A" * 26)))
@EXAMPLES
def test_a_citizens_own_pages_refuse_any_token_with_a_404(token, desks, clock):
    client = anonymous()
    with unchanged_unless(lambda: False):
        for suffix in ("", "cancel/", "qr.png", "ticket.pdf", "ticket.ics"):
            path = f"/coworking/r/{quote(token, safe='')}/{suffix}"
            assert client.get(path).status_code in (404, 429)
        assert client.post(f"/coworking/r/{quote(token, safe='')}/cancel/").status_code in (
            404,
            429,
        )


# ---------------------------------------------------------------- the scan field


@pytest.fixture
def scanner(desks, admin_user, clock):
    """The Admin logged in at the front desk on the day of a real reservation."""
    reservation = coworking.reserve_desk(
        desk=desks[0],
        name="Warga Pindai",
        email="pindai@example.com",
        phone="+6281200000001",
        start=timezone.make_aware(dt.datetime.combine(DAY, dt.time(8))),
        end=timezone.make_aware(dt.datetime.combine(DAY, dt.time(12))),
        now=NOW,
    )
    # Half an hour in: before the no-show release, which a refused scan would record.
    clock.move_to(timezone.make_aware(dt.datetime.combine(DAY, dt.time(8, 30))))
    client = Client()
    client.force_login(admin_user)
    return client, reservation.code


scanned = st.one_of(
    hostile,
    st.tuples(hostile, hostile).map(lambda pair: f"{pair[0]}{{code}}{pair[1]}"),
    st.sampled_from(["{code}", " {code}\n", "{lower}", "{code}\x00", "{code}" * 3]),
)


@pytest.mark.django_db
@given(
    code=st.one_of(st.just(MISSING), scanned, st.lists(scanned, min_size=2, max_size=3)),
    mode=st.one_of(st.just(MISSING), st.sampled_from(["in", "out"]), hostile),
    tidy=st.one_of(st.just(MISSING), st.sampled_from(["1", "0"]), hostile),
    as_json=st.booleans(),
)
@EXAMPLES
def test_the_scan_field_never_fails_and_a_refused_scan_changes_nothing(
    code, mode, tidy, as_json, scanner
):
    client, real = scanner

    def fill(value):
        return value.replace("{code}", real).replace("{lower}", real.lower())

    data = {}
    if code is not MISSING:
        data["code"] = [fill(c) for c in code] if isinstance(code, list) else fill(code)
    if mode is not MISSING:
        data["mode"] = mode
    if tidy is not MISSING:
        data["tidy"] = tidy
    headers = {"HTTP_ACCEPT": "application/json"} if as_json else {}
    answer = {}
    with unchanged_unless(lambda: answer.get("ok")):
        response = client.post("/coworking/scan/", data, **headers)
        assert response.status_code == 200
        html_ok = 'data-ok="1"' in response.content.decode()
        answer["ok"] = response.json()["ok"] if as_json else html_ok


# ---------------------------------------------------------------- visit and meeting-room requests


REQUEST = {
    "institution": "SMA Negeri 1 Pontianak",
    "institution_kind": "school",
    "contact_name": "Ibu Ratna",
    "email": "guru@sman1.example.org",
    "phone": "0812-3456-7890",
    "participants": "20",
    "date": DAY.isoformat(),
    "start_time": "09:00",
    "end_time": "11:00",
    "purpose": "Studi wisata kelas XI",
    "consent": "on",
}
LOAN = {
    **REQUEST,
    "event_title": "Rapat koordinasi",
    "no_buffet": "on",
    "go_ahead_without": "on",
}

letters = st.one_of(
    st.just(MISSING),
    st.just("pdf"),
    st.sampled_from(["png-as-pdf", "html-as-pdf", "empty", "text"]),
    st.binary(max_size=300).map(lambda b: ("random.pdf", b)),
)


def letter_file(kind):
    if isinstance(kind, tuple):
        return SimpleUploadedFile(kind[0], kind[1], content_type="application/pdf")
    content = {
        "pdf": letter_pdf("Surat Permohonan"),
        "png-as-pdf": b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
        "html-as-pdf": b"<html><script>alert(1)</script></html>",
        "empty": b"",
        "text": "Surat ✉ <b>".encode(),
    }[kind]
    return SimpleUploadedFile("surat.pdf", content, content_type="application/pdf")


def _post_request(path, data, letter):
    if letter is not MISSING:
        data = {**data, "letter": letter_file(letter)}
    answer = {}
    with unchanged_unless(lambda: answer["status"] == 302):
        response = anonymous().post(path, data)
        answer["status"] = response.status_code
    assert response.status_code in (200, 302, 400, 429)
    return response


@pytest.mark.django_db
@given(data=form(REQUEST), letter=letters)
@EXAMPLES
def test_the_visit_request_form_never_fails_and_a_refusal_changes_nothing(data, letter, clock):
    _post_request("/kunjungan/", data, letter)


@pytest.mark.django_db
@given(data=form(LOAN), letter=letters, extra=st.dictionaries(hostile, hostile, max_size=3))
@EXAMPLES
def test_the_meeting_room_form_never_fails_and_a_refusal_changes_nothing(
    data, letter, extra, clock
):
    _post_request("/ruang-rapat/", {**extra, **data}, letter)


@pytest.mark.django_db
@given(month=hostile, day=hostile)
@EXAMPLES
def test_the_request_pages_take_any_month_and_date_in_the_address(month, day, clock):
    for path in ("/kunjungan/", "/ruang-rapat/"):
        response = anonymous().get(path, {"bulan": month, "tanggal": day})
        assert response.status_code in (200, 429)


# ---------------------------------------------------------------- the status lookup and page


@pytest.fixture
def submitted(clock):
    req = actions.submit_request(
        service=Service.VISIT,
        institution="SMA Negeri 1 Pontianak",
        institution_kind="school",
        contact_name="Ibu Ratna",
        email="guru@sman1.example.org",
        phone="+6281234567890",
        participants=20,
        start=timezone.make_aware(dt.datetime.combine(DAY, dt.time(9))),
        end=timezone.make_aware(dt.datetime.combine(DAY, dt.time(11))),
        purpose="Studi wisata",
        letter=letter_file("pdf"),
        now=NOW,
    )
    return req


@pytest.mark.django_db
@given(data=form({"code": "{code}", "email": "guru@sman1.example.org"}))
@EXAMPLES
def test_the_status_lookup_never_fails_and_changes_nothing(data, submitted):
    data = {
        k: ([x.replace("{code}", submitted.code) for x in v] if isinstance(v, list) else v)
        for k, v in data.items()
    }
    if isinstance(data.get("code"), str):
        data["code"] = data["code"].replace("{code}", submitted.code)
    with unchanged_unless(lambda: False):
        response = anonymous().post("/permohonan/", data)
    assert response.status_code in (200, 302, 400, 429)
    if response.status_code == 302:
        assert response.url == tracking.status_path(submitted)


@pytest.mark.django_db
@given(code=st.one_of(hostile, st.just("{code}")), token=st.one_of(hostile, st.just("{token}")))
@EXAMPLES
def test_the_status_page_refuses_any_forged_address(code, token, submitted):
    real_token = tracking.status_token(submitted.code, submitted.email)
    code, token = code.replace("{code}", submitted.code), token.replace("{token}", real_token)
    path = f"/permohonan/{quote(code, safe='')}/{quote(token, safe='')}/"
    with unchanged_unless(lambda: False):
        response = anonymous().get(path)
    genuine = (code, token) == (submitted.code, real_token)
    assert response.status_code in ((200, 429) if genuine else (404, 429))


@pytest.mark.django_db
@given(
    answer=st.one_of(st.just(MISSING), hostile, st.sampled_from(["accept", "decline", "go_ahead"])),
    reason=st.one_of(st.just(MISSING), hostile),
)
@EXAMPLES
def test_an_answer_that_does_not_fit_the_request_changes_nothing(answer, reason, submitted):
    """A submitted request waits for the Admin: of the applicant's answers only 'cancel' fits."""
    data = {}
    if answer is not MISSING:
        data["answer"] = answer
    if reason is not MISSING:
        data["reason"] = reason
    with unchanged_unless(lambda: False):
        response = anonymous().post(tracking.status_path(submitted) + "jawab/", data)
    assert response.status_code in (302, 429)
    submitted.refresh_from_db()
    assert submitted.state == "submitted"
