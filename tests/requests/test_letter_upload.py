"""The request letter: a PDF by content, size-capped, kept out of the web root, staff-only."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from reservations.demo_requests import letter_pdf
from reservations.models import ServiceRequest

from .conftest import form_data, submit

pytestmark = pytest.mark.django_db


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    return buffer.getvalue()


def upload(content, name="surat.pdf", content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.mark.parametrize(
    "content,code",
    [
        pytest.param(png_bytes(), "not_pdf", id="png-renamed-pdf"),
        pytest.param(b"<html><script>alert(1)</script></html>", "not_pdf", id="html-renamed-pdf"),
        pytest.param(b"%PDF-1.4\nthis is not really a pdf", "unreadable", id="pdf-header-only"),
        pytest.param(b"", "empty", id="empty"),
    ],
)
def test_anything_but_a_real_pdf_is_refused_whatever_its_name(clock, client, content, code):
    response = client.post("/kunjungan/", form_data(letter=upload(content)))
    assert response.status_code == 400
    assert not ServiceRequest.objects.exists()
    errors = response.context["form"].errors.as_data()["letter"]
    assert [e.code for e in errors] == [code]
    assert str(errors[0].message) in response.content.decode()


def test_an_oversized_letter_is_refused_with_the_limit(clock, client, settings):
    settings.PONTIVE = {**settings.PONTIVE, "UPLOAD_MAX_BYTES": 1024}
    big = letter_pdf("x" * 10) + b"%" + b"0" * 2048
    response = client.post("/kunjungan/", form_data(letter=upload(big)))
    assert response.status_code == 400
    assert "1 KB" in response.content.decode()
    assert not ServiceRequest.objects.exists()


def test_the_letter_is_stored_under_a_server_made_name_outside_the_static_root(clock, client):
    data = form_data(letter=upload(letter_pdf(), name="../../etc/passwd<script>.pdf"))
    assert client.post("/kunjungan/", data).status_code == 302
    stored = ServiceRequest.objects.get().letter
    assert stored.name.startswith("letters/2026/11/") and stored.name.endswith(".pdf")
    assert "passwd" not in stored.name and "script" not in stored.name
    path = Path(stored.path)
    assert path.is_file() and Path(settings.MEDIA_ROOT) in path.parents
    assert Path(settings.STATIC_ROOT) not in path.parents
    with pytest.raises(ValueError):
        _ = stored.url  # no public address exists for it


@pytest.mark.parametrize(
    "persona", ["admin_user", "sekretariat_user", "kadis_user", "kabid_user", "kasi_user"]
)
def test_staff_of_every_role_download_the_letter_as_an_attachment(
    request, clock, client_as, persona
):
    req = submit()
    response = client_as(request.getfixturevalue(persona)).get(
        f"/admin/reservations/servicerequest/{req.pk}/letter/"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_nobody_else_gets_the_letter(clock, client, client_as, outsider_user):
    req = submit()
    url = f"/admin/reservations/servicerequest/{req.pk}/letter/"
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]
    outsider_user.is_staff = True
    outsider_user.save()
    assert client_as(outsider_user).get(url).status_code == 403
    # Nor through a media URL: there is none.
    assert client.get(f"/media/{req.letter.name}").status_code == 404
