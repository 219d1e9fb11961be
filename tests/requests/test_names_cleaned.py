"""Names and institutions keep no invisible characters: no right-to-left override turning
a name around on lists and reports, no zero-width character making two names differ."""

import pytest

from reports.models import Complaint
from reservations.models import ServiceRequest
from reservations.text import clean_name

from .conftest import form_data

pytestmark = pytest.mark.django_db

RLO, ZWSP, ZWJ, LRI, PDI, BOM = "\u202e", "\u200b", "\u200d", "\u2066", "\u2069", "\ufeff"


def test_a_visit_request_stores_the_institution_and_contact_without_invisible_characters(
    clock, client
):
    response = client.post(
        "/kunjungan/",
        form_data(
            institution=f"SMA Negeri 1{ZWSP} {RLO}kanaitnoP",
            contact_name=f"{BOM}Ibu{ZWJ}  Ratna{LRI}{PDI}",
        ),
    )
    assert response.status_code == 302
    req = ServiceRequest.objects.get()
    assert req.institution == "SMA Negeri 1 kanaitnoP"
    assert req.contact_name == "Ibu Ratna"


def test_a_name_made_only_of_invisible_characters_is_refused_with_a_message(clock, client):
    response = client.post("/kunjungan/", form_data(contact_name=f"{ZWSP}{RLO} {ZWJ}"))
    assert response.status_code == 400
    assert "Bidang ini tidak boleh kosong." in response.content.decode()
    assert not ServiceRequest.objects.exists()


def test_a_complaint_keeps_the_name_as_people_see_it(clock, client):
    response = client.post(
        "/aduan/",
        {
            "service": "coworking",
            "name": f"Budi{ZWSP} {RLO}Santoso",
            "email": "budi@example.com",
            "message": "Wifi di meja 3 mati sejak pagi.",
            "consent": "on",
        },
    )
    assert response.status_code in (200, 302)
    assert Complaint.objects.get().name == "Budi Santoso"


@pytest.mark.parametrize(
    "typed, kept",
    [
        ("Ayu Lestari", "Ayu Lestari"),
        ("  Ayu\tLestari\n", "Ayu Lestari"),
        (f"Ayu{ZWSP}{ZWJ}Lestari", "AyuLestari"),
        (f"{RLO}irtseL uyA", "irtseL uyA"),
        ("Universitas Tanjungpura (Untan)", "Universitas Tanjungpura (Untan)"),
        ("Dede Sukmawati\u0301", "Dede Sukmawatí"),  # composed, not dropped
    ],
)
def test_clean_name(typed, kept):
    assert clean_name(typed) == kept
