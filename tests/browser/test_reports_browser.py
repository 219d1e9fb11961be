"""The survey and a long report in a real Chromium, on a phone-sized screen."""

import datetime as dt
import re

import pytest
from django.core import mail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_citizen_answers_the_survey_on_a_phone_with_the_keyboard(page, live_server):
    from reports.actions import invite_to_survey
    from reports.models import SurveyResponse

    invite_to_survey(
        service="coworking",
        subject="coworking.reservation:9",
        email="ayu@example.id",
        delivered_on=dt.date(2026, 11, 2),
    )
    link = re.search(r"http\S+(/survei/\S+/)", mail.outbox[-1].body).group(1)
    page.goto(link)
    page.get_by_label("Perempuan").check()
    page.get_by_label("Umur (tahun)").fill("23")
    page.get_by_label("Pendidikan terakhir").select_option("D4-S1")
    page.get_by_label("Pekerjaan").select_option("pelajar")
    for n in range(1, 10):
        # Tab into each question's group and pick the answer with the arrow keys.
        first = page.locator(f"input[name=U{n}]").first
        first.focus()
        page.keyboard.press("Space")
        page.keyboard.press("ArrowDown")
        page.keyboard.press("ArrowDown")
    with page.expect_navigation():
        page.get_by_role("button", name="Kirim jawaban saya").press("Enter")
    assert page.get_by_role("heading", name="Terima kasih atas jawaban Anda").is_visible()
    answers = dict(SurveyResponse.objects.get().answers.values_list("element", "score"))
    assert answers == {f"U{n}": 3 for n in range(1, 10)}


def test_a_long_report_shows_its_progress_and_then_the_download(
    page, live_server, settings, django_user_model
):
    from django.contrib.auth.models import Group

    from reports import actions
    from reports.periods import month
    from reservations.roles import Role

    from ..reports.conftest import add_session, make_desks

    settings.PONTIVE = {**settings.PONTIVE, "REPORT_SYNC_MAX_ROWS": 1}
    desk = make_desks((1,))[1]
    add_session(desk, dt.date(2026, 10, 1), "08:00", "10:00", name="Ayu Lestari")
    add_session(desk, dt.date(2026, 10, 2), "08:00", "10:00", name="Budi Santoso")
    recap = actions.prepare_recap(period=month(2026, 10), today=dt.date(2026, 11, 2))
    kabid = django_user_model.objects.create_user("hendra", password="s3cret-pass", is_staff=True)
    kabid.groups.add(Group.objects.get(name=Role.KABID))
    page.goto("/login/")
    page.locator("input[name=username]").fill("hendra")
    page.locator("input[name=password]").fill("s3cret-pass")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.goto(f"/laporan/rekap/{recap.slug}/v1.pdf")
    assert "/laporan/berkas/" in page.url
    download = page.get_by_role("link", name="Unduh laporan")
    download.wait_for(state="visible")
    assert page.locator("progress").get_attribute("value") == "100"
