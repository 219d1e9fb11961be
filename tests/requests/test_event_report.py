"""After the event the Admin uploads photos and a short note for the report to leadership."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from reservations.models import EventPhoto, Service

from .conftest import VISIT_DAY, at, submit, take_step

pytestmark = pytest.mark.django_db


def photo(name="foto.jpg", kind="JPEG"):
    buffer = io.BytesIO()
    Image.new("RGB", (16, 12), "blue").save(buffer, kind)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def test_photos_and_a_note_are_kept_and_served_only_to_staff(
    clock, walk, client, client_as, admin_user, kabid_user
):
    req = walk(submit(Service.MEETING_ROOM))
    clock.move_to(at(VISIT_DAY, 12, 0))
    admin = client_as(admin_user)
    take_step(admin, req, "complete_request")
    response = admin.post(
        f"/admin/reservations/servicerequest/{req.pk}/step/record_event_report/",
        {
            "record_event_report-note": "Acara lancar, 20 peserta.",
            "record_event_report-photos": [photo("a.jpg"), photo("b.png", "PNG")],
        },
    )
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.report_note == "Acara lancar, 20 peserta." and req.reported_at
    photos = list(EventPhoto.objects.filter(request=req))
    assert len(photos) == 2 and all(p.image.name.startswith("photos/") for p in photos)
    url = f"/admin/reservations/servicerequest/{req.pk}/photo/{photos[0].pk}/"
    served = client_as(kabid_user).get(url)
    assert served.status_code == 200 and served["X-Content-Type-Options"] == "nosniff"
    assert served["Content-Disposition"].startswith("attachment;")
    client.logout()
    assert client.get(url).status_code == 302


def test_a_file_that_is_not_a_photo_is_refused(clock, walk, client_as, admin_user):
    req = walk(submit(Service.MEETING_ROOM))
    clock.move_to(at(VISIT_DAY, 12, 0))
    admin = client_as(admin_user)
    take_step(admin, req, "complete_request")
    fake = SimpleUploadedFile("foto.jpg", b"<html>bukan foto</html>", content_type="image/jpeg")
    response = admin.post(
        f"/admin/reservations/servicerequest/{req.pk}/step/record_event_report/",
        {"record_event_report-note": "x", "record_event_report-photos": [fake]},
    )
    assert response.status_code == 400
    assert not EventPhoto.objects.exists()


def test_the_report_waits_until_the_event_took_place(clock, walk, client_as, admin_user):
    req = walk(submit(Service.MEETING_ROOM))
    response = take_step(client_as(admin_user), req, "record_event_report", note="Terlalu dini")
    assert response.status_code == 409
