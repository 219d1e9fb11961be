"""The Start Up Hub in a real Chromium: a citizen reserves on a phone; the front desk scans
visitor after visitor with a keyboard-wedge scanner, never touching the mouse."""

import re

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from coworking.models import Reservation, Status

from .conftest import MONDAY, TUESDAY, at

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_a_citizen_picks_a_desk_on_the_map_and_gets_the_qr_code(page, desks, book, clock):
    book(desk=desks[1], start=(13, 0), end=(15, 0))  # desk 2 taken in the afternoon
    clock(at(MONDAY, 10))
    page.goto("/coworking/")
    assert page.locator("#id_date").input_value() == "2026-12-01"
    desk_two = page.locator(f'.desk[data-desk="{desks[1].pk}"]')
    assert "desk-taken" in desk_two.get_attribute("class")  # 08.00–15.00 by default
    # leaving at noon frees desk 2: the map redraws without a reload
    page.fill("#id_end", "12:00")
    page.locator("#id_end").dispatch_event("change")
    expect(desk_two).to_have_class(re.compile(r"\bdesk-free\b"))
    assert page.locator("#check-button").is_hidden()
    desk_two.click()
    page.fill("#id_name", "Siti Rahma")
    page.fill("#id_email", "siti@example.com")
    page.fill("#id_phone", "0812 3456 7890")
    page.check("#id_consent")
    with page.expect_navigation():
        page.click("#reserve-button")
    assert "/coworking/r/" in page.url
    assert page.locator("#reservation-desk").inner_text().startswith("Meja 2")
    assert page.locator("#reservation-date").inner_text() == "Selasa, 1 Desember 2026"
    assert page.locator(".qr-box svg").is_visible()
    reservation = Reservation.objects.get(email="siti@example.com")
    assert page.locator("#reservation-code").inner_text() == reservation.code
    assert reservation.end == at(TUESDAY, 12)


def test_a_taken_desk_is_answered_with_free_ones(page, desks, book, clock):
    clock(at(MONDAY, 10))
    page.goto("/coworking/")
    page.locator(f'.desk[data-desk="{desks[0].pk}"]').click()
    page.wait_for_load_state("networkidle")
    book(desk=desks[0], start=(9, 0), end=(10, 0))  # someone else was quicker
    page.fill("#id_name", "Budi")
    page.fill("#id_email", "budi@example.com")
    page.fill("#id_phone", "081298765432")
    page.check("#id_consent")
    with page.expect_navigation():
        page.click("#reserve-button")
    errors = page.locator("#form-errors").inner_text()
    assert "Meja itu baru saja dipesan" in errors and "meja 2" in errors
    assert page.locator("#id_name").input_value() == "Budi"


def _log_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def test_the_front_desk_scans_visitor_after_visitor_by_keyboard(
    page, live_server, admin_user, desks, book, clock, settings
):
    settings.SESSION_COOKIE_AGE = 400 * 24 * 3600
    ani = book(desk=desks[0], name="Ani Lestari")
    budi = book(desk=desks[1], name="Budi Santoso")
    tomorrow = book(desk=desks[2], day=TUESDAY.replace(day=2), name="Citra Besok")
    _log_in(page, live_server, admin_user)
    clock(at(TUESDAY, 8, 5))
    page.goto("/coworking/scan/")
    result = page.locator("#scan-result")
    assert page.evaluate("document.activeElement.id") == "code"

    def scan(code, expected_code):
        answers = page.locator("#recent li").count()
        page.keyboard.type(code)
        page.keyboard.press("Enter")  # what a USB scanner sends after the code
        expect(page.locator("#recent li")).to_have_count(answers + 1)
        assert result.get_attribute("data-code") == expected_code
        # the field is empty and keeps the focus for the next visitor
        assert page.evaluate("document.activeElement.id") == "code"
        assert page.locator("#code").input_value() == ""

    scan(ani.code, "checked_in")
    assert "tone-success" in result.get_attribute("class")
    assert "Selamat datang, Ani Lestari: meja 1" in result.inner_text()
    scan(budi.code, "checked_in")
    assert "Budi Santoso: meja 2" in result.inner_text()
    scan(ani.code, "already_checked_in")  # the same code again is harmless
    assert "tone-warning" in result.get_attribute("class")
    assert "08.05" in result.inner_text()
    scan(tomorrow.code, "wrong_day")
    assert "tone-danger" in result.get_attribute("class")
    scan("PCW-TIDAKADA", "unknown")
    assert "Kode tidak dikenal" in result.inner_text()
    assert page.locator("#recent li").count() == 5
    assert Reservation.objects.filter(status=Status.CHECKED_IN).count() == 2

    # switch to check-out with the keyboard and scan on
    page.locator("#mode-out").focus()
    page.keyboard.press("Space")
    page.locator("#code").focus()
    clock(at(TUESDAY, 11))
    scan(ani.code, "checked_out")
    assert "Sampai jumpa, Ani Lestari" in result.inner_text()
    assert Reservation.objects.get(pk=ani.pk).left_tidy is True
