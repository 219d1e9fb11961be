"""The Admin logs in, lands on the check-in page and reaches each work list from every page."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from reports.models import Complaint

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Tuesday 1 December 2026, 09.00 WIB
NOW = timezone.make_aware(dt.datetime(2026, 12, 1, 9, 0))


def test_the_admin_goes_from_the_check_in_page_to_each_work_list_and_back(page, admin_user):
    Complaint.objects.create(
        code="ADU-1", service="coworking", name="Rudi", message="Wifi mati.", received_on=NOW.date()
    )
    with time_machine.travel(NOW, tick=False):
        page.goto("/login/")
        page.fill("input[name=username]", admin_user.username)
        page.fill("input[name=password]", "s3cret-pass")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.url.endswith("/coworking/scan/")
        worklists = page.locator("#staff-worklists")
        complaints = worklists.locator("[data-worklist=complaints]")
        expect(complaints).to_contain_text("1")
        with page.expect_navigation():
            complaints.click()
        assert page.url.endswith("/laporan/aduan/")
        expect(worklists.locator("[aria-current=page]")).to_have_attribute(
            "data-worklist", "complaints"
        )
        with page.expect_navigation():
            worklists.locator("[data-worklist=requests]").click()
        assert page.url.endswith("/admin/reservations/servicerequest/")
        # from the admin, back to the front desk in one click
        with page.expect_navigation():
            page.locator("#staff-worklists [data-worklist=coworking-scan]").click()
        assert page.url.endswith("/coworking/scan/")
        assert page.evaluate("document.activeElement.id") == "code"
