"""Indonesian phone numbers: typed in any common form, stored as E.164 (+62…)."""

import re

import phonenumbers
from django import forms
from django.utils.translation import gettext_lazy as _


class InvalidPhone(ValueError):
    pass


def normalise_phone(raw: str, *, mobile: bool = True) -> str:
    """'0812-3456-7890', '62812…', '+62 812…' → '+6281234567890'.

    phonenumbers reads '62812…' without '+' as a landline, so the country code
    is recognised before parsing (REFERENCE.md).
    """
    digits = re.sub(r"\D", "", raw or "")
    if not digits or len(digits) > 15:
        raise InvalidPhone(raw)
    if (raw or "").strip().startswith("+") or digits.startswith("62"):
        text = "+" + digits
    else:
        text = digits
    try:
        number = phonenumbers.parse(text, "ID")
    except phonenumbers.NumberParseException:
        raise InvalidPhone(raw) from None
    if number.country_code != 62 or not phonenumbers.is_valid_number(number):
        raise InvalidPhone(raw)
    if mobile and phonenumbers.number_type(number) not in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    ):
        raise InvalidPhone(raw)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_phone(e164: str) -> str:
    """'+6281234567890' → '0812-3456-7890' (national form, grouped by four)."""
    if not e164 or not e164.startswith("+62"):
        return e164 or ""
    national = "0" + e164[3:]
    head, rest = national[:4], national[4:]
    groups = [rest[i : i + 4] for i in range(0, len(rest), 4)]
    return "-".join([head, *groups])


def whatsapp_link(e164: str) -> str:
    return f"https://wa.me/{e164.lstrip('+')}"


class IndonesianPhoneField(forms.CharField):
    default_error_messages = {
        "invalid": _(
            "Enter an Indonesian mobile number, for example 0812-3456-7890 or +62 812 3456 7890."
        ),
    }

    def __init__(self, *, mobile: bool = True, **kwargs):
        self.mobile = mobile
        kwargs.setdefault("max_length", 32)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.update({"inputmode": "tel", "autocomplete": "tel", "placeholder": "0812-3456-7890"})
        return attrs

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return value
        try:
            return normalise_phone(value, mobile=self.mobile)
        except InvalidPhone:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
