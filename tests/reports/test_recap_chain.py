"""The monthly recap travels Admin → Kasi PK&AI → Kabid TKPBET (SOP 000 steps 2–4)."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.db import DatabaseError, IntegrityError, transaction
from django.urls import reverse

from reports import actions
from reports.models import MonthlyRecap, RecapCorrection, RecapState, RecapVersion
from reports.periods import month

pytestmark = pytest.mark.django_db

NOVEMBER_2 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))


@pytest.fixture
def recap(october):
    with time_machine.travel(NOVEMBER_2, tick=False):
        return actions.prepare_recap(period=month(2026, 10))


def step(client, recap, name, data=None):
    return client.post(reverse("reports:recap-step", args=[recap.slug, name]), data or {})


def test_the_whole_chain_as_each_role(
    recap, client_as, admin_user, kasi_user, kabid_user, django_capture_on_commit_callbacks
):
    assert recap.state == RecapState.DRAFT
    assert recap.current_version.number == 1 and not recap.current_version.frozen

    with django_capture_on_commit_callbacks(execute=True):
        response = step(client_as(admin_user), recap, "submit", {"note": "Sudah dicek"})
    assert response.status_code == 302
    recap.refresh_from_db()
    assert recap.state == RecapState.SUBMITTED and recap.submitted_by == admin_user
    assert recap.current_version.frozen
    assert mail.outbox[-1].to == [kasi_user.email]

    kasi = client_as(kasi_user)
    step(
        kasi,
        recap,
        "correct",
        {
            "row": 4,
            "field": "institution",
            "value": "Politeknik Negeri Pontianak",
            "reason": "Salah ketik instansi",
        },
    )
    step(kasi, recap, "annotate", {"note": "Pemakaian naik dibanding September."})
    with django_capture_on_commit_callbacks(execute=True):
        step(kasi, recap, "forward", {"note": ""})
    recap.refresh_from_db()
    assert recap.state == RecapState.FORWARDED and recap.forwarded_by == kasi_user
    assert recap.current_version.number == 2
    assert mail.outbox[-1].to == [kabid_user.email]

    step(client_as(kabid_user), recap, "acknowledge")
    recap.refresh_from_db()
    assert recap.state == RecapState.ACKNOWLEDGED and recap.acknowledged_by == kabid_user
    history = list(recap.events.values_list("action", "role", "to_state"))
    assert history == [
        ("prepare", "system", "draft"),
        ("submit", "Admin Pontive Center", "submitted"),
        ("correct", "Kasi PK&AI", "submitted"),
        ("annotate", "Kasi PK&AI", "submitted"),
        ("forward", "Kasi PK&AI", "forwarded"),
        ("acknowledge", "Kabid TKPBET", "acknowledged"),
    ]


@pytest.mark.parametrize(
    "state, step_name, allowed",
    [
        (RecapState.DRAFT, "submit", "admin"),
        (RecapState.DRAFT, "refresh", "admin"),
        (RecapState.SUBMITTED, "forward", "kasi"),
        (RecapState.SUBMITTED, "annotate", "kasi"),
        (RecapState.SUBMITTED, "correct", "kasi"),
        (RecapState.FORWARDED, "acknowledge", "kabid"),
    ],
)
def test_each_step_is_refused_to_every_other_role(
    recap,
    client_as,
    admin_user,
    kasi_user,
    kabid_user,
    kadis_user,
    sekretariat_user,
    outsider_user,
    state,
    step_name,
    allowed,
):
    MonthlyRecap.objects.filter(pk=recap.pk).update(state=state)
    people = {
        "admin": admin_user,
        "kasi": kasi_user,
        "kabid": kabid_user,
        "kadis": kadis_user,
        "sekretariat": sekretariat_user,
        "outsider": outsider_user,
    }
    data = {"note": "catatan", "row": 1, "field": "name", "value": "X", "reason": "uji"}
    for who, user in people.items():
        if who == allowed:
            continue
        response = step(client_as(user), recap, step_name, data)
        assert response.status_code == 403, who
        recap.refresh_from_db()
        assert recap.state == state
        assert recap.events.count() == 1


def test_steps_are_posts_only_and_anonymous_users_go_to_the_login(
    recap, client, client_as, admin_user
):
    url = reverse("reports:recap-step", args=[recap.slug, "submit"])
    assert client_as(admin_user).get(url).status_code == 405
    client.logout()
    assert client.post(url).status_code == 302
    recap.refresh_from_db()
    assert recap.state == RecapState.DRAFT


def test_a_step_out_of_turn_is_refused_with_a_message(recap, client_as, kasi_user):
    response = step(client_as(kasi_user), recap, "forward")
    assert response.status_code == 302
    recap.refresh_from_db()
    assert recap.state == RecapState.DRAFT
    with pytest.raises(actions.ReportError) as refused:
        actions.forward_recap(recap=recap, by=kasi_user)
    assert refused.value.code == "wrong_state"


def test_a_correction_makes_a_new_version_and_keeps_the_old_one_frozen(
    recap, admin_user, kasi_user
):
    actions.submit_recap(recap=recap, by=admin_user)
    first = RecapVersion.objects.get(recap=recap, number=1)
    before = first.content["sessions"][0]["out"]
    version = actions.correct_recap(
        recap=recap, by=kasi_user, row=1, field="out", value="12.30", reason="Lupa scan keluar"
    )
    assert version.number == 2 and version.frozen
    first.refresh_from_db()
    assert first.content["sessions"][0]["out"] == before == "12:00"
    assert version.content["sessions"][0]["out"] == "12:30"
    assert version.content["sessions"][0]["minutes"] == 270
    correction = RecapCorrection.objects.get()
    assert (correction.by, correction.old_value, correction.new_value) == (
        kasi_user,
        "12:00",
        "12:30",
    )
    assert correction.at is not None and correction.reason == "Lupa scan keluar"


@pytest.mark.parametrize(
    "row, field, value, reason, code",
    [
        (99, "name", "X", "uji", "unknown_row"),
        (1, "out", "jam 12", "uji", "bad_time"),
        (1, "out", "07:00", "uji", "in_after_out"),
        (1, "name", "Ayu Lestari", "uji", "no_change"),
        (1, "name", "", "uji", "empty_value"),
        (1, "name", "Ayu L.", "  ", "reason_required"),
    ],
)
def test_a_bad_correction_changes_nothing(
    recap, admin_user, kasi_user, row, field, value, reason, code
):
    actions.submit_recap(recap=recap, by=admin_user)
    with pytest.raises(actions.ReportError) as refused:
        actions.correct_recap(
            recap=recap, by=kasi_user, row=row, field=field, value=value, reason=reason
        )
    assert refused.value.code == code
    assert recap.versions.count() == 1 and not RecapCorrection.objects.exists()


def test_removing_a_session_recomputes_the_totals(recap, admin_user, kasi_user):
    from reports.content import recap_totals

    actions.submit_recap(recap=recap, by=admin_user)
    version = actions.correct_recap(
        recap=recap, by=kasi_user, row=2, field="remove", reason="Sesi uji coba petugas"
    )
    totals = recap_totals(version.content)
    assert totals["sessions"] == 3
    assert totals["minutes"] == 915 - 405


def test_the_database_refuses_to_change_or_delete_a_frozen_version(recap, admin_user):
    actions.submit_recap(recap=recap, by=admin_user)
    version = RecapVersion.objects.get(recap=recap, number=1)
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        RecapVersion.objects.filter(pk=version.pk).update(content={"sessions": []})
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        RecapVersion.objects.filter(pk=version.pk).delete()
    version.refresh_from_db()
    assert len(version.content["sessions"]) == 4


def test_refresh_reads_the_month_again_while_the_recap_is_a_draft(recap, admin_user, october):
    from .conftest import add_session

    add_session(october[3], dt.date(2026, 10, 30), "10:00", "11:00", name="Telat Dicatat")
    actions.refresh_recap(recap=recap, by=admin_user)
    recap.refresh_from_db()
    assert len(recap.current_version.content["sessions"]) == 5
    actions.submit_recap(recap=recap, by=admin_user)
    with pytest.raises(actions.ReportError):
        actions.refresh_recap(recap=recap, by=admin_user)


def test_the_admin_prepares_a_recap_on_demand_only_for_a_month_that_is_over(
    october, client_as, admin_user, kasi_user
):
    with time_machine.travel(NOVEMBER_2, tick=False):
        admin = client_as(admin_user)
        current = admin.post(reverse("reports:recaps"), {"month": "2026-11"})
        assert current.status_code == 200 and not MonthlyRecap.objects.exists()
        assert (
            client_as(kasi_user).post(reverse("reports:recaps"), {"month": "2026-10"}).status_code
            == 403
        )
        done = client_as(admin_user).post(reverse("reports:recaps"), {"month": "2026-10"})
        assert done.status_code == 302
        assert MonthlyRecap.objects.get().month == dt.date(2026, 10, 1)
        twice = admin.post(reverse("reports:recaps"), {"month": "2026-10"})
        assert twice.status_code == 200 and MonthlyRecap.objects.count() == 1


def test_the_recap_list_takes_a_fixed_number_of_queries(
    recap, client_as, kabid_user, assert_page_queries
):
    with time_machine.travel(NOVEMBER_2, tick=False):
        for n in (7, 8, 9):
            actions.prepare_recap(period=month(2026, n))
    staff = client_as(kabid_user)
    staff.get(reverse("reports:recaps"))
    # the user (roles are cached), the recaps with their versions and people
    with assert_page_queries(2):
        staff.get(reverse("reports:recaps"))
