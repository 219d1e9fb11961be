"""Names and institutions as people typed them, minus the characters nobody sees.

Right-to-left overrides (U+202E and friends) make "Budi" print as something else on
a list, a ticket or a report; zero-width characters make two identical-looking names
different. Every invisible formatting character (Unicode category Cf: bidi controls,
zero-width spaces and joiners, the byte-order mark, soft hyphens) is removed, control
characters and runs of spaces become one space, and the ends are trimmed. The forms'
name fields and the actions that store names both ask ``clean_name``.
"""

from __future__ import annotations

import re
import unicodedata

from django import forms

_SPACES = re.compile(r"\s+")


def clean_name(value: str | None) -> str:
    if not value:
        return ""
    kept = []
    for ch in unicodedata.normalize("NFC", str(value)):
        kind = unicodedata.category(ch)
        if kind == "Cf":
            continue
        kept.append(" " if kind == "Cc" else ch)
    return _SPACES.sub(" ", "".join(kept)).strip()


class NameField(forms.CharField):
    """A CharField for a person's or an institution's name (see ``clean_name``): one
    made only of invisible characters is empty, and a required one says so."""

    def to_python(self, value):
        value = super().to_python(value)
        return clean_name(value) if value not in self.empty_values else value
