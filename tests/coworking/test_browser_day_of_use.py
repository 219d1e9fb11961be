"""What a day of use found, replayed in Chromium as the citizen and the front desk click."""

import re

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from coworking import services
from coworking.models import Reservation, Status
from reservations.roles import Role

from .conftest import MONDAY, TUESDAY, at

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def _log_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def test_the_front_desk_extends_a_session_with_one_click(
    page, live_server, admin_user, desks, book, clock
):
    morning = book(desk=desks[0], start=(8, 0), end=(10, 0), name="Ani Lama")
    book(desk=desks[0], start=(13, 0), end=(15, 0), name="Budi Siang")
    services.check_in(code=morning.code, actor=admin_user, role=Role.ADMIN, now=at(TUESDAY, 8))
    _log_in(page, live_server, admin_user)
    clock(at(TUESDAY, 9, 45))
    page.goto("/coworking/today/")
    row = page.locator("section[aria-labelledby=present-heading] li", has_text="Ani Lama")
    expect(row).to_contain_text("sampai 10.00 WIB")
    with page.expect_navigation():
        row.get_by_role("button", name=re.compile("Perpanjang sampai 13.00 WIB")).click()
    expect(page.locator(".alert-success")).to_contain_text("sampai 13.00 WIB")
    row = page.locator("section[aria-labelledby=present-heading] li", has_text="Ani Lama")
    expect(row).to_contain_text("sampai 13.00 WIB")
    expect(row.get_by_role("button", name=re.compile("Perpanjang"))).to_have_count(0)
    assert Reservation.objects.get(pk=morning.pk).session_ends_at == at(TUESDAY, 13)


def test_the_cancel_link_of_a_used_reservation_shows_its_state(
    page, admin_user, desks, book, clock
):
    present = book(start=(8, 0), end=(12, 0))
    services.check_in(code=present.code, actor=admin_user, role=Role.ADMIN, now=at(TUESDAY, 8))
    cancelled = book(desk=desks[1], start=(9, 0), end=(12, 0))
    services.cancel_reservation(reservation_id=cancelled.pk, now=at(MONDAY, 12))
    clock(at(TUESDAY, 9))
    page.goto(f"/coworking/r/{present.manage_token}/cancel/")
    expect(page.locator("h1")).to_have_text("Reservasi ini tidak dapat dibatalkan")
    expect(page.locator("#reservation-state")).to_have_text("Hadir")
    expect(page.get_by_role("button", name="Ya, batalkan")).to_have_count(0)
    page.goto(f"/coworking/r/{cancelled.manage_token}/cancel/")
    expect(page.locator("#reservation-state")).to_have_text("Dibatalkan")
    expect(page.get_by_role("button", name="Ya, batalkan")).to_have_count(0)
    page.get_by_role("link", name="Kembali ke reservasi Anda").click()
    assert page.url.endswith(f"/coworking/r/{cancelled.manage_token}/")
    assert Reservation.objects.get(pk=present.pk).status == Status.CHECKED_IN


def test_a_walk_in_for_someone_booked_today_names_the_booking_and_checks_it_in(
    page, live_server, admin_user, desks, book, clock
):
    booked = book(desk=desks[2], start=(9, 0), end=(12, 0), name="Citra", phone="+6285612345678")
    _log_in(page, live_server, admin_user)
    clock(at(TUESDAY, 9, 10))
    page.goto("/coworking/walk-in/")
    page.fill("#id_name", "Citra Dewi")
    page.fill("#id_phone", "0856 1234 5678")
    page.fill("#id_end", "11:00")
    page.check("#id_consent")
    with page.expect_navigation():
        page.get_by_role("button", name="Pesan dan check-in").click()
    notice = page.locator("#existing-booking")
    expect(notice).to_contain_text("Citra sudah punya reservasi hari ini: meja 3, 09.00 WIB")
    expect(notice).to_contain_text("12.00 WIB, dipesan")
    assert "email konfirmasi" not in notice.inner_text()
    with page.expect_navigation():
        notice.get_by_role("button", name="Check-in Citra di meja 3").click()
    expect(page.locator(".alert-success")).to_contain_text("Selamat datang, Citra: meja 3")
    booked.refresh_from_db()
    assert booked.status == Status.CHECKED_IN
    assert Reservation.objects.filter(walk_in=True).count() == 0


def test_the_live_desk_map_gives_the_same_verdict_as_the_form(page, desks, clock):
    clock(at(MONDAY, 10))
    page.goto("/coworking/")
    free = page.locator(".desk.desk-free")
    expect(free).to_have_count(5)
    reason = page.locator("#slot-reason")

    def change(field, value):
        page.fill(field, value)
        page.locator(field).dispatch_event("change")

    change("#id_end", "07:30")  # before the arrival at 08.00
    expect(reason).to_have_text("Jam pulang harus setelah jam datang.")
    expect(free).to_have_count(0)
    expect(page.locator("#free-count")).to_have_text("(0 meja kosong)")
    change("#id_end", "12:00")
    expect(free).to_have_count(5)
    expect(reason).to_be_hidden()
    change("#id_date", "2026-12-05")  # a Saturday
    expect(reason).to_contain_text("tutup")
    expect(free).to_have_count(0)
    expect(page.locator(".desk.desk-closed")).to_have_count(5)
    change("#id_date", TUESDAY.isoformat())
    change("#id_start", "16:00")
    change("#id_end", "18:00")
    expect(reason).to_be_visible()
    expect(free).to_have_count(0)
    expect(page.locator("#free-count")).to_have_text("(0 meja kosong)")


def test_an_expired_form_keeps_what_was_typed_and_sends_it_again(page, desks, clock):
    clock(at(MONDAY, 10))
    page.goto("/coworking/")
    page.fill("#id_name", "Rudi Hartono")
    page.fill("#id_email", "rudi@example.com")
    page.fill("#id_phone", "0812 7777 8888")
    page.check("#id_consent")
    page.context.clear_cookies()  # the page stayed open too long: its token is stale
    with page.expect_navigation():
        page.click("#reserve-button")
    expect(page.locator("h1")).to_have_text("Formulir kedaluwarsa")
    assert "Forbidden" not in page.content()
    assert not Reservation.objects.exists()
    with page.expect_navigation():
        page.get_by_role("button", name="Kirim lagi").click()
    assert "/coworking/r/" in page.url
    reservation = Reservation.objects.get()
    assert (reservation.name, reservation.email) == ("Rudi Hartono", "rudi@example.com")


def test_a_browser_set_to_english_gets_indonesian_until_english_is_chosen(
    browser, live_server, admin_user, desks, clock
):
    clock(at(MONDAY, 10))
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    page = context.new_page()
    try:
        _log_in(page, live_server, admin_user)
        page.goto("/coworking/today/")
        expect(page.locator("h1")).to_contain_text("Hari ini di Start Up Hub")
        with page.expect_navigation():
            page.locator("button[name=language][value=en]").click()
        expect(page.locator("h1")).to_contain_text("Today in the Start Up Hub")
        page.goto("/coworking/walk-in/")
        expect(page.locator("h1")).to_have_text("Walk-in reservation")
    finally:
        context.close()


def test_a_citizen_changes_the_time_and_desk_from_their_own_page(page, desks, book, clock):
    reservation = book(desk=desks[0], start=(8, 0), end=(12, 0))
    clock(at(MONDAY, 10))
    page.goto(f"/coworking/r/{reservation.manage_token}/")
    with page.expect_navigation():
        page.click("#change-link")
    page.fill("#id_start", "13:00")
    page.fill("#id_end", "15:00")
    page.locator("#id_end").dispatch_event("change")
    desk_four = page.locator(f'.desk[data-desk="{desks[3].pk}"]')
    expect(desk_four).to_have_class(re.compile(r"\bdesk-free\b"))
    desk_four.click()
    with page.expect_navigation():
        page.click("#change-button")
    assert page.url.endswith(f"/coworking/r/{reservation.manage_token}/")
    expect(page.locator(".alert-success")).to_contain_text("Reservasi Anda sudah diubah")
    assert page.locator("#reservation-desk").inner_text().startswith("Meja 4")
    expect(page.locator("main")).to_contain_text("13.00 WIB – 15.00 WIB")
    reservation.refresh_from_db()
    assert (reservation.desk, reservation.start) == (desks[3], at(TUESDAY, 13))
