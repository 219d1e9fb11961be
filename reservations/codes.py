"""Codes people carry (QR codes, tracking codes): unguessable, short, easy to read aloud.

Crockford's base32 alphabet has no I, L, O or U, so a code read over the phone
or typed from paper cannot be mistaken; 26 characters carry 130 random bits.
A QR code of an uppercase alphanumeric string stays small (version 2–3).
"""

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RANDOM_CHARS = 26  # 26 × 5 = 130 bits ≥ 128
_CODE_CHARS = frozenset(ALPHABET + "-")
_CONFUSABLE = str.maketrans({"I": "1", "L": "1", "O": "0", "U": "V"})


def new_code(prefix: str) -> str:
    """'PCW' → 'PCW-7K3QM2PX…' (prefix, dash, 26 random characters)."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_CHARS))
    return f"{prefix}-{body}"


def normalise_code(raw: str) -> str:
    """What a person or a scanner typed, in the form codes are stored in.

    Upper-cases, drops spaces, and maps look-alike letters; a scanner that adds
    a trailing newline or a person typing lower case still finds the code.
    Anything no code contains is dropped too: it could never match, and some of
    it (a NUL byte) PostgreSQL refuses outright, which would be a 500.
    """
    text = "".join((raw or "").split()).upper().translate(_CONFUSABLE)
    return "".join(ch for ch in text if ch in _CODE_CHARS)[:64]
