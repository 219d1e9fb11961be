"""The home page in a real Chromium, on a phone-sized screen, by keyboard alone."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_keyboard_user_switches_to_english_and_back(page):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "id"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Langsung ke isi"
    # The language buttons live in the collapsed menu on a phone; open it by keyboard.
    page.locator(".navbar-toggler").focus()
    page.keyboard.press("Enter")
    english = page.locator("button[name=language][value=en]")
    english.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Pontive Center services").is_visible()


def test_no_request_leaves_the_portal(page, live_server):
    outside = []
    page.on(
        "request", lambda r: None if r.url.startswith(live_server.url) else outside.append(r.url)
    )
    page.goto("/")
    page.wait_for_load_state("networkidle")
    assert outside == []
    # Bootstrap's JavaScript runs (vendored, not from a CDN)
    assert page.evaluate("typeof window.bootstrap") == "object"
