"""The check-in page in a real Chromium, as the front desk uses it all day: a click anywhere
never swallows the next scan, the tabs say which mode is on, the phone camera reads a code
once, and scans made while the portal cannot be reached are kept and sent later, once."""

import io
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


# ---------------------------------------------------------------- the phone camera
#
# Chromium's fake camera plays a .y4m file in a loop; the file is written per test, before
# the camera starts: the visitor's QR code held up for QR_SECONDS, then an empty picture for
# EMPTY_SECONDS (the code taken away), again and again.

FPS = 5
QR_SECONDS = 10
EMPTY_SECONDS = 4


def write_video(path, code: str) -> None:
    from PIL import Image

    from coworking import tickets

    size = 320
    qr = Image.open(io.BytesIO(tickets.qr_png(code))).convert("L").resize((240, 240))
    shown = Image.new("L", (size, size), 255)
    shown.paste(qr, (40, 40))
    empty = Image.new("L", (size, size), 200)

    def frame(image):
        # 4:2:0: full-size luma, quarter-size neutral chroma (a grey picture)
        chroma = bytes([128]) * (size // 2) * (size // 2)
        return b"FRAME\n" + image.tobytes() + chroma + chroma

    with open(path, "wb") as video:
        video.write(f"YUV4MPEG2 W{size} H{size} F{FPS}:1 Ip A1:1 C420jpeg\n".encode())
        video.write(frame(shown) * (QR_SECONDS * FPS))
        video.write(frame(empty) * (EMPTY_SECONDS * FPS))


@pytest.fixture
def camera(browser, live_server, tmp_path):
    """A page in a Chromium whose camera films the file ``page.video_file`` (write it first)."""
    from tests.conftest import CHROMIUM

    video = tmp_path / "camera.y4m"
    # a second Chromium of the same Playwright, started with a fake camera
    chromium = browser.browser_type.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=[
            "--no-sandbox",
            "--disable-gpu",
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )
    context = chromium.new_context(base_url=live_server.url, locale="id-ID")
    context.grant_permissions(["camera"])
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.video_file = video
    yield page
    chromium.close()


def answers(page):
    return page.locator("#recent li")


def test_the_camera_reads_a_code_once_until_it_leaves_the_picture(
    camera, live_server, admin_user, book, clock
):
    ani = book(name="Ani Lestari")
    write_video(camera.video_file, ani.code)
    log_in(camera, live_server, admin_user)
    clock(at(TUESDAY, 8, 5))
    camera.goto("/coworking/scan/")
    camera.click("#camera-toggle")
    expect(answers(camera)).to_have_count(1)
    expect(camera.locator("#scan-result")).to_have_attribute("data-code", "checked_in")
    # the code stays in view: nothing is sent again (it used to be, every 4 s)
    camera.wait_for_timeout(5_000)
    expect(answers(camera)).to_have_count(1)
    expect(camera.locator("#scan-result")).to_have_attribute("data-code", "checked_in")
    # taken away and shown again: read again, a harmless repeat
    expect(answers(camera)).to_have_count(2, timeout=(QR_SECONDS + EMPTY_SECONDS) * 1000)
    expect(camera.locator("#scan-result")).to_have_attribute("data-code", "already_checked_in")
    assert Reservation.objects.get(pk=ani.pk).events.count() == 2  # reserved, checked in


def test_switching_to_check_out_never_resends_what_the_camera_sees(
    camera, live_server, admin_user, book, clock
):
    ani = book(name="Ani Lestari")
    write_video(camera.video_file, ani.code)
    log_in(camera, live_server, admin_user)
    clock(at(TUESDAY, 8, 5))
    camera.goto("/coworking/scan/")
    camera.click("#camera-toggle")
    expect(camera.locator("#scan-result")).to_have_attribute("data-code", "checked_in")
    camera.click("label[for=mode-out]")
    camera.wait_for_timeout(5_000)  # the code is still in view
    expect(answers(camera)).to_have_count(1)
    assert Reservation.objects.get(pk=ani.pk).status == Status.CHECKED_IN
    # the staff member asks for it on purpose: now it checks out
    clock(at(TUESDAY, 11, 0))
    camera.click("#camera-again")
    expect(camera.locator("#scan-result")).to_have_attribute("data-code", "checked_out")
    expect(answers(camera)).to_have_count(2)
    assert Reservation.objects.get(pk=ani.pk).status == Status.FINISHED


# ---------------------------------------------------------------- a network blip


def test_scans_made_while_the_portal_is_unreachable_are_kept_and_sent_once(
    page, live_server, admin_user, book, clock
):
    ani, budi, citra = (book(desk=None, name=n) for n in ("Ani", "Budi Santoso", "Citra Dewi"))
    log_in(page, live_server, admin_user)
    clock(at(TUESDAY, 8, 5))
    page.goto("/coworking/scan/")
    result = page.locator("#scan-result")
    offline = page.locator("#offline")
    expect(scan_by_keyboard(page, ani.code)).to_have_attribute("data-code", "checked_in")
    expect(offline).to_be_hidden()

    # the network goes: the page says so at once, before anyone scans
    page.context.set_offline(True)
    expect(offline).to_be_visible()
    expect(offline).to_contain_text("Portal tidak dapat dihubungi")
    scan_by_keyboard(page, budi.code)
    expect(result).to_have_attribute("data-code", "queued")
    expect(result).to_contain_text("Tersimpan, akan dikirim")
    assert page.evaluate("document.activeElement.id") == "code"
    scan_by_keyboard(page, citra.code)
    expect(result).to_have_attribute("data-code", "queued")
    expect(offline.locator("[data-count]")).to_have_text("2")
    assert Reservation.objects.filter(status=Status.CHECKED_IN).count() == 1

    # when the network is back, Citra's scan gets through to the portal but its answer is lost
    lost = []

    def lose_the_answer(route):
        if route.request.method == "POST" and citra.code in (route.request.post_data or ""):
            if not lost:
                lost.append(route.fetch())  # the portal applies it...
                route.abort("connectionreset")  # ...and the page never hears back
                return
        route.continue_()

    page.route("**/coworking/scan/", lose_the_answer)
    page.context.set_offline(False)

    # the queue is sent in order; Citra's scan arrives twice and is applied once
    expect(offline).to_be_hidden(timeout=20_000)
    recent = page.locator("#recent li")
    expect(recent.nth(0)).to_contain_text("Citra Dewi")
    expect(recent.nth(1)).to_contain_text("Budi Santoso")
    expect(recent.nth(0)).to_contain_text("Dikirim belakangan")
    expect(result).to_have_attribute("data-code", "checked_in")
    assert lost and lost[0].json()["code"] == "checked_in"
    for person in (budi, citra):
        person.refresh_from_db()
        assert person.status == Status.CHECKED_IN
        assert person.events.filter(to_status=Status.CHECKED_IN).count() == 1
    assert page.evaluate("window.localStorage.getItem('pontive-scan-pending')") == "[]"
