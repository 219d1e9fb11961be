"""The check-in page in a real Chromium, as the front desk uses it all day: a click anywhere
never swallows the next scan, the tabs say which mode is on, the phone camera reads a code
once, and scans made while the portal cannot be reached are kept and sent later, once."""

import re

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from coworking import services
from coworking.models import Reservation, Status
from reservations.roles import Role

from .conftest import TUESDAY, at

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def log_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def checked_in(reservation, admin_user):
    return services.check_in(
        code=reservation.code, actor=admin_user, role=Role.ADMIN, now=at(TUESDAY, 8, 5)
    )


def scan_by_keyboard(page, code):
    """What a USB keyboard-wedge scanner does: types the code wherever the focus is, then Enter."""
    answers = page.locator("#recent li").count()
    page.keyboard.type(code, delay=5)
    page.keyboard.press("Enter")
    expect(page.locator("#recent li")).to_have_count(answers + 1)
    return page.locator("#scan-result")


@pytest.mark.parametrize(
    "clicked",
    ["label[for=tidy]", "#tidy", "#recent-heading", "label[for=mode-out]"],
    ids=["tidy-label", "tidy-box", "page-text", "mode-button"],
)
def test_a_click_anywhere_never_swallows_the_next_scan(
    page, live_server, admin_user, book, clock, clicked
):
    ani = book(name="Ani Lestari")
    budi = book(desk=None, name="Budi Santoso")
    clock(at(TUESDAY, 8, 5))
    checked_in(ani, admin_user)
    checked_in(budi, admin_user)
    log_in(page, live_server, admin_user)
    clock(at(TUESDAY, 11, 0))
    page.goto("/coworking/scan/?mode=out")
    expect(page.locator("#tidy")).to_be_checked()

    page.click(clicked)
    result = scan_by_keyboard(page, ani.code)
    expect(result).to_have_attribute("data-code", "checked_out")
    assert page.evaluate("document.activeElement.id") == "code"
    assert page.locator("#code").input_value() == ""
    ani.refresh_from_db()
    assert ani.status == Status.FINISHED
    # a click on the tidy box noted this visitor's desk as not tidy; anything else changed nothing
    assert ani.left_tidy is (clicked not in ("label[for=tidy]", "#tidy"))

    # the tidy box is about one visitor: the next one starts ticked again
    expect(page.locator("#tidy")).to_be_checked()
    result = scan_by_keyboard(page, budi.code)
    expect(result).to_have_attribute("data-code", "checked_out")
    assert Reservation.objects.get(pk=budi.pk).left_tidy is True


def test_the_staff_tabs_say_which_mode_is_on(page, live_server, admin_user, clock):
    log_in(page, live_server, admin_user)
    clock(at(TUESDAY, 9, 0))
    current = page.locator(".staff-nav [aria-current=page]")
    page.goto("/coworking/scan/?mode=out")
    expect(current).to_have_text("Check-out")
    expect(page.locator("h1")).to_contain_text("Check-out")
    page.click("label[for=mode-in]")
    expect(current).to_have_text("Check-in")
    expect(page.locator("h1")).to_contain_text("Check-in")
    # a reload keeps the mode the desk chose
    page.reload()
    expect(current).to_have_text("Check-in")
    page.click("label[for=mode-out]")
    expect(current).to_have_text("Check-out")
    page.reload()
    expect(page.locator("#mode-out")).to_be_checked()
    expect(page.locator(".staff-nav a", has_text=re.compile("^Check-in$"))).to_have_attribute(
        "href", "/coworking/scan/"
    )
