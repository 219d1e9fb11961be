import pytest

from reservations.phones import InvalidPhone, display_phone, normalise_phone, whatsapp_link


@pytest.mark.parametrize(
    "typed",
    ["0812-3456-7890", "081234567890", "62 812 3456 7890", "+62 812-3456-7890", "(0812) 3456 7890"],
)
def test_common_forms_of_a_mobile_number_are_stored_as_e164(typed):
    assert normalise_phone(typed) == "+6281234567890"


@pytest.mark.parametrize(
    "typed", ["", "abc", "0561-734567", "+1 202 555 0100", "08" + "1" * 20, "0812"]
)
def test_landlines_foreign_and_nonsense_numbers_are_refused(typed):
    with pytest.raises(InvalidPhone):
        normalise_phone(typed)


def test_display_and_whatsapp():
    assert display_phone("+6281234567890") == "0812-3456-7890"
    assert whatsapp_link("+6281234567890") == "https://wa.me/6281234567890"
