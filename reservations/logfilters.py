"""Keeping citizens' personal data out of logs and error reports.

Paths and bodies are designed to carry no personal data (codes travel in POST
bodies, not URLs), but a person can type anything into an address bar, and an
exception message can quote a value. So every log handler runs this filter,
which blanks emails, Indonesian phone numbers, NIKs and the portal's codes, and
drops the request object Django attaches to its records (a handler that
printed it would print the query string).
"""

from __future__ import annotations

import logging
import re

from django.views.debug import SafeExceptionReporterFilter

from .codes import ALPHABET

EMAIL = re.compile(r"[\w.+-]+(?:@|%40)[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)
# +62 812-3456-7890, 62812…, 0812 3456 7890, landlines such as (0561) 736 541; not the
# digit groups inside an identifier such as a Celery task id (hex joined by dashes).
PHONE = re.compile(r"(?<![\w+-])(?:\+?62[\s.-]?|\(?0)\d{2,4}\)?(?:[\s.-]?\d){5,10}(?![\w-])")
NIK = re.compile(r"(?<!\d)\d{16}(?!\d)")
# The portal's codes: a 1–5 letter prefix (PCW, KJG, M for a manage link…), a dash, 20+
# characters of the code alphabet.
CODE = re.compile(rf"\b[A-Z]{{1,5}}-[{ALPHABET}]{{20,}}\b", re.IGNORECASE)
# Any other bearer link: a path segment of 20 or more characters mixing letters and
# digits (signed personal-data, survey and status links), which no page name is.
BEARER_SEGMENT = re.compile(r"(?<=/)(?=[\w:.-]*\d)(?=[\w:.-]*[A-Za-z])[\w:.-]{20,}(?=[/?#\s]|$)")

PATTERNS = [
    (EMAIL, "[email]"),
    (CODE, "[code]"),
    (BEARER_SEGMENT, "[link]"),
    (NIK, "[nik]"),
    (PHONE, "[phone]"),
]


def redact(text: str) -> str:
    for pattern, replacement in PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactPersonalData(logging.Filter):
    """Rewrites each record's message and traceback without personal data."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is still logged, as its template
            message = str(record.msg)
        record.msg = redact(message)
        record.args = ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        if hasattr(record, "request"):
            record.request = None
        return True


class NoPersonalDataReporterFilter(SafeExceptionReporterFilter):
    """Error reports outside DEBUG show no submitted or queried values at all."""

    def get_post_parameters(self, request):
        if request is None or not self.is_active(request):
            return super().get_post_parameters(request)
        cleansed = request.POST.copy()
        for key in cleansed:
            cleansed.setlist(key, [self.cleansed_substitute])
        return cleansed

    def get_safe_request_meta(self, request):
        meta = super().get_safe_request_meta(request)
        if self.is_active(request) and "QUERY_STRING" in meta:
            meta["QUERY_STRING"] = self.cleansed_substitute
        return meta
