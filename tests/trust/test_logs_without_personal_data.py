"""Personal data never reaches the logs: not from paths, query strings, POST bodies or errors."""

import io
import logging
import sys

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from reservations.codes import new_code
from reservations.logfilters import NoPersonalDataReporterFilter, RedactPersonalData, redact

EMAIL = "siti.aminah@example.co.id"
PHONE = "0812-3456-7890"
NIK = "6171012345678901"
CODE = new_code("PCW")


@csrf_exempt
def broken(request):
    raise ValueError(f"could not save {request.POST.get('email')} / {request.POST.get('phone')}")


def fine(request):
    return HttpResponse("ok")


urlpatterns = [path("broken/", broken), path("fine/", fine)]


@pytest.fixture
def log_output():
    """What the portal's own console handler writes, as configured in settings.LOGGING."""
    handler = next(
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, RedactPersonalData) for f in h.filters)
    )
    buffer = io.StringIO()
    previous = handler.setStream(buffer)
    yield buffer
    handler.setStream(previous or sys.stderr)


def personal_data_in(text: str) -> list[str]:
    digits = "".join(ch for ch in PHONE if ch.isdigit())
    found = [value for value in (EMAIL, PHONE, NIK, CODE, digits) if value in text]
    return found + (["email %40"] if "siti.aminah%40" in text else [])


@pytest.mark.django_db
def test_a_404_logs_the_path_without_the_personal_data_typed_into_it(client, log_output):
    client.get(f"/cari/{EMAIL}/{PHONE}/{CODE}/?nik={NIK}&email={EMAIL}")
    client.get("/cari/siti.aminah%40example.co.id/")
    text = log_output.getvalue()
    assert "Not Found: /cari/[email]/[phone]/[code]/" in text
    assert personal_data_in(text) == []


@pytest.mark.django_db
def test_a_500_logs_the_error_but_not_the_post_body(client, settings, log_output):
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False
    response = client.post(
        "/broken/", {"email": EMAIL, "phone": PHONE, "nik": NIK, "code": CODE, "name": "Siti"}
    )
    assert response.status_code == 500
    text = log_output.getvalue()
    assert "Internal Server Error: /broken/" in text
    assert "ValueError: could not save [email] / [phone]" in text  # the traceback is kept
    assert personal_data_in(text) == []
    assert "Siti" not in text  # the POST body is not dumped at all


def test_the_filter_redacts_arguments_and_drops_the_request():
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Lookup %s by %s", (CODE, EMAIL), None
    )
    record.request = RequestFactory().get(f"/x/?email={EMAIL}")
    assert RedactPersonalData().filter(record) is True
    assert record.getMessage() == "Lookup [code] by [email]"
    assert record.request is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("+62 812-3456-7890", "[phone]"),
        ("6281234567890", "[phone]"),
        ("081234567890", "[phone]"),
        ("(0561) 736541", "[phone]"),
        (NIK, "[nik]"),
        ("budi@pontive.example", "[email]"),
        (CODE.lower(), "[code]"),
        # what must stay readable: dates, clock times, addresses, small numbers
        ("2026-11-24 09.00", "2026-11-24 09.00"),
        ("203.0.113.9 10.0.0.2", "203.0.113.9 10.0.0.2"),
        ("sent 12 emails in 350 ms", "sent 12 emails in 350 ms"),
        # bearer links: whoever holds one sees a person's data or acts for them
        ("GET /coworking/r/M-7K3QM2PX7K3QM2PX7K3QM2PX7K/ 200", "GET /coworking/r/[code]/ 200"),
        (
            "GET /coworking/r/M-7K3QM2PX7K3QM2PX7K3QM2PX7K/cancel/",
            "GET /coworking/r/[code]/cancel/",
        ),
        (
            "/privasi/data-saya/MTI:1tQx9Z:aB3dE5fG7hJ9kL1mN3pQ/unduh/",
            "/privasi/data-saya/[link]/unduh/",
        ),
        ("/survei/eyJyIjo0Mn0:1tQx9Z:Zk3JH0aQpLx9Vb2/", "/survei/[link]/"),
        (
            "/static/vendor/bootstrap/bootstrap.bundle.min.js",
            "/static/vendor/bootstrap/bootstrap.bundle.min.js",
        ),
        # a Celery task id keeps its digits
        (
            "Task send_notification[0b1c2d3e-0812-3456-7890-1234abcd5678] succeeded",
            "Task send_notification[0b1c2d3e-0812-3456-7890-1234abcd5678] succeeded",
        ),
    ],
)
def test_what_is_redacted_and_what_is_not(text, expected):
    assert redact(text) == expected


def test_error_reports_outside_debug_show_no_submitted_values(settings):
    settings.DEBUG = False
    request = RequestFactory().post(f"/daftar/?email={EMAIL}", {"email": EMAIL, "phone": PHONE})
    reporter = NoPersonalDataReporterFilter()
    post = reporter.get_post_parameters(request)
    assert set(post.values()) == {reporter.cleansed_substitute}
    meta = reporter.get_safe_request_meta(request)
    assert EMAIL not in str(meta)


def test_djangos_own_handlers_do_not_print_or_mail_requests():
    django_logger = logging.getLogger("django")
    assert django_logger.handlers == []  # no mail_admins, no second console
    assert django_logger.propagate
    handlers = logging.getLogger().handlers + logging.getLogger("django.server").handlers
    ours = [h for h in handlers if not type(h).__module__.startswith("_pytest")]
    assert len(ours) == 2
    for handler in ours:
        assert any(isinstance(f, RedactPersonalData) for f in handler.filters), handler


def test_gunicorns_access_log_has_no_query_string_referrer_or_personal_data():
    import datetime as dt

    from gunicorn.config import Config

    from pontive import gunicorn_conf

    config = Config()
    config.set("access_log_format", gunicorn_conf.access_log_format)
    config.set("accesslog", "-")
    logger = gunicorn_conf.RedactingLogger(config)
    buffer = io.StringIO()
    for handler in logger.access_log.handlers:
        handler.setStream(buffer)

    class Response:
        status = "404 Not Found"
        sent = 120
        headers = []

    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/status/?email={EMAIL}",
        "PATH_INFO": f"/cari/{EMAIL}/",
        "QUERY_STRING": f"email={EMAIL}&phone={PHONE}",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": f"https://pontive.example/?code={CODE}",
        "HTTP_USER_AGENT": "Mozilla",
    }
    logger.access(Response(), [], environ, dt.timedelta(milliseconds=12))
    line = buffer.getvalue()
    assert '"GET /cari/[email]/ HTTP/1.1" 404 120 12ms' in line
    assert personal_data_in(line) == []
    assert "Mozilla" not in line
