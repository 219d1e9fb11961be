"""Settings of the Pontive Center portal: the one place that reads the environment.

Every value that differs between a laptop and the office's server comes from an
environment variable, read through the helpers below. They fail fast on a value
they cannot understand, and with DEBUG off the portal refuses to start without
the secrets a production server must have.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0/true/false, not {value!r}")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def envchoice(name: str, default: str, choices: dict[str, str]) -> str:
    """One of a few spellings the office may write, returned in its canonical form."""
    value = os.environ.get(name, default).strip()
    if value not in choices:
        allowed = " or ".join(sorted(set(choices.values())))
        raise ImproperlyConfigured(f"{name} must be {allowed}, not {value!r}")
    return choices[value]


def envlist(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = envbool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", [])
if DEBUG:
    # A laptop or a test run: a throwaway key, local hosts only.
    SECRET_KEY = SECRET_KEY or "insecure-development-key-never-used-in-production"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]", "testserver"]
else:
    if not SECRET_KEY:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")

CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])
# The address written into links that leave the portal (emails, the PDF ticket, the
# .ics, QR pages). On a laptop it is the address `make run` serves (HOST, PORT).
SITE_URL = os.environ.get("SITE_URL", "").rstrip("/")
if not SITE_URL:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SITE_URL must be set when DEBUG is off (the address links in emails point to)."
        )
    SITE_URL = f"http://{os.environ.get('HOST') or '127.0.0.1'}:{envint('PORT', 8000)}"

INSTALLED_APPS = [
    "reservations.admin_site.PontiveAdminConfig",  # django.contrib.admin, honouring 2FA
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "reservations",
    "coworking",
    "visits",
    "meetingroom",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "reservations.language.ChosenLanguageMiddleware",  # Indonesian unless EN was chosen
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "reservations.security.StaffSessionMiddleware",
    "reservations.audit.RequestContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into the lockout page
]

ROOT_URLCONF = "pontive.urls"
WSGI_APPLICATION = "pontive.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "reservations.context_processors.services",
            ],
        },
    },
]

# Database: SQLite on a laptop, PostgreSQL wherever DATABASE_URL says so.
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers queue for the lock instead of failing with "database is locked";
    # IMMEDIATE transactions take the write lock at BEGIN, which serialises
    # concurrent bookings on SQLite (PostgreSQL relies on its constraints).
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if not DEBUG and not REDIS_URL:
    # Without it tasks would run inside web requests and every gunicorn worker would
    # keep its own cache, so rate limits would be counted per worker.
    raise ImproperlyConfigured("REDIS_URL must be set when DEBUG is off.")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's Redis cache with half-second timeouts and a breaker: while Redis is
            # down or hung, pages go on from the database (reservations/redis_outage.py).
            "BACKEND": "reservations.redis_outage.GuardedRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "pontive"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes watches every authenticate() made with a request (the staff login,
# which the admin login also uses); it must come first.
AUTHENTICATION_BACKENDS = [
    "reservations.staff_auth.ThrottledLoginBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Staff sessions are read from Redis when there is one and written at most once a
# minute unless they change (reservations/sessions.py).
SESSION_ENGINE = "reservations.sessions"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "staff-home"
LOGOUT_REDIRECT_URL = "home"

# Language and time: Bahasa Indonesia first, Pontianak time (WIB).
LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Pontianak"
USE_TZ = True
FORMAT_MODULE_PATH = ["pontive.formats"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Uploaded letters and photos live outside the web root and are served only by
# permission-checked views; there is deliberately no MEDIA_URL route.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email: printed to the console on a laptop, SMTP when EMAIL_HOST is set. Production
# without a mail server would lose every confirmation silently, so it refuses to start
# unless another backend is chosen on purpose.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
if not DEBUG and not EMAIL_HOST and not os.environ.get("EMAIL_BACKEND"):
    raise ImproperlyConfigured(
        "EMAIL_HOST must be set when DEBUG is off (or choose an EMAIL_BACKEND explicitly)."
    )
EMAIL_PORT = envint("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Pontive Center <pontive@pontianak.go.id>"
)
EMAIL_TIMEOUT = 20

# Celery: a real broker when REDIS_URL is set, otherwise tasks run in-process.
# (The in-memory broker is named with a host, or kombu warns that none was supplied.)
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_TASK_ALWAYS_EAGER = envbool("CELERY_TASK_ALWAYS_EAGER", not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    # A web request that enqueues while Redis is down must fail fast, not retry
    # the connection for minutes: the outbox and the periodic jobs catch up.
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
    # A message not acknowledged this long after delivery goes to another worker (the
    # first one died). Longer than the longest task (the report render, killed at
    # reports.tasks.RENDER_TIME_LIMIT = 300 s), or a slow task would run twice.
    "visibility_timeout": 600,
}
# No task may run longer than this; the visibility timeout above must exceed it.
CELERY_TASK_TIME_LIMIT = 540
# Periodic jobs; each module registers its own entries in its tasks module
# under a name, the schedule itself lives here so it can be read in one place.
CELERY_BEAT_SCHEDULE = {
    "flush-outbox": {"task": "reservations.tasks.flush_outbox", "schedule": 60.0},
    "prepare-monthly-recap": {
        "task": "reports.tasks.prepare_monthly_recap",
        "schedule": crontab(hour=7, minute=5),
    },
    "rescue-stuck-report-jobs": {
        "task": "reports.tasks.rescue_stuck_report_jobs",
        "schedule": 60.0,
    },
    "delete-old-report-files": {
        "task": "reports.tasks.delete_old_report_files",
        "schedule": 3600.0,
    },
    "import-holidays": {
        "task": "reservations.tasks.import_holidays",
        "schedule": 24 * 3600.0,
    },
    "coworking-close-overdue-sessions": {
        "task": "coworking.tasks.close_overdue_sessions",
        "schedule": 60.0,
    },
    "coworking-release-no-shows": {
        "task": "coworking.tasks.release_no_shows",
        "schedule": 60.0,
    },
    # Desks of tomorrow: each citizen reminded once, with the QR code (keyed in the outbox).
    "coworking-reminders": {
        "task": "coworking.tasks.send_reminders",
        "schedule": 3600.0,
    },
    "anonymise-past-retention": {
        "task": "reservations.tasks.anonymise_past_retention",
        "schedule": 24 * 3600.0,
    },
    # Visits and loans of tomorrow: each applicant reminded once (keyed in the outbox).
    "request-reminders": {
        "task": "reservations.tasks.send_request_reminders",
        "schedule": 3600.0,
    },
}

# Security: strict by default, relaxed only where DEBUG says it is a laptop.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True  # forms carry the token; no script reads the cookie
CSRF_FAILURE_VIEW = "reservations.views.csrf_failure"  # an expired form, in plain words
LANGUAGE_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", not DEBUG)
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = envint("SESSION_IDLE_SECONDS", 2 * 3600)
SESSION_SAVE_EVERY_REQUEST = True  # makes SESSION_COOKIE_AGE an idle timeout
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "blob:"],
        "media-src": [SELF, "data:", "blob:"],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Logs never carry personal data: every handler redacts emails, phone numbers,
# NIKs and codes, and no handler writes the request (its POST body or query).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_personal_data": {"()": "reservations.logfilters.RedactPersonalData"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        "server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["no_personal_data"],
        },
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "server",
            "filters": ["no_personal_data"],
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own handlers (console twice, error emails with the POST body) are
        # replaced: its records go to the root handler above.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},  # every attempt is in the security log already
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
if CELERY_TASK_ALWAYS_EAGER:
    # Tasks run inside the command or request that made them (a laptop, the demo data):
    # a "Task … succeeded" line for each email is noise there, failures still show.
    LOGGING["loggers"]["celery.app.trace"] = {"level": "WARNING"}
# Error reports (the debug page aside) show no submitted or queried values at all.
DEFAULT_EXCEPTION_REPORTER_FILTER = "reservations.logfilters.NoPersonalDataReporterFilter"
CELERY_WORKER_HIJACK_ROOT_LOGGER = False  # workers keep the redacting handler above

# The office's own rules, each a setting the office may change.
PONTIVE = {
    # Web workers render one ticket in memory when they start (pontive/warmup.py).
    "WARM_UP": envbool("PONTIVE_WARM_UP", True),
    # Personal data is anonymised this many years after the service date
    # (the privacy notice states it; reservations.personal_data applies it).
    "RETENTION_YEARS": envint("PONTIVE_RETENTION_YEARS", 2),
    # How long the emailed link to one's own data stays valid.
    "DATA_LINK_HOURS": envint("PONTIVE_DATA_LINK_HOURS", 24),
    # Whether cuti bersama closes the centre (REFERENCE.md: default closed).
    "CUTI_BERSAMA_CLOSES": envbool("PONTIVE_CUTI_BERSAMA_CLOSES", True),
    # Minimum lead time in days per service (H-1), used until staff edit it.
    "DEFAULT_LEAD_DAYS": envint("PONTIVE_DEFAULT_LEAD_DAYS", 1),
    # How far ahead any service can be booked (co-working has its own, shorter limit).
    "BOOKING_HORIZON_DAYS": envint("PONTIVE_BOOKING_HORIZON_DAYS", 365),
    # Years of public holidays imported ahead of today.
    "HOLIDAY_YEARS_AHEAD": 1,
    "DEMO_PASSWORD": os.environ.get("DEMO_PASSWORD", "pontive-demo"),
    # Whether the Kadis, Kabid and Kasi (and superusers) must log in with a
    # one-time code from an authenticator app; anyone else may opt in.
    "REQUIRE_2FA": envbool("PONTIVE_REQUIRE_2FA", False),
    # Co-working: minutes after the start before an unused reservation is
    # released as a no-show, and how early before the start a scan lets one in.
    "COWORKING_NO_SHOW_MINUTES": envint("PONTIVE_COWORKING_NO_SHOW_MINUTES", 60),
    "COWORKING_EARLY_CHECKIN_MINUTES": envint("PONTIVE_COWORKING_EARLY_CHECKIN_MINUTES", 30),
    # Weight of each element of the satisfaction index: the regulation prints 0.111;
    # "1/9" computes it exactly (PermenPANRB 14/2017).
    "IKM_WEIGHT": envchoice(
        "PONTIVE_IKM_WEIGHT", "0.111", {"0.111": "0.111", "0,111": "0.111", "1/9": "1/9"}
    ),
    # Days a survey link stays valid after the service was delivered.
    "SURVEY_LINK_DAYS": envint("PONTIVE_SURVEY_LINK_DAYS", 30),
    # A PDF with more table rows than this is made by a Celery worker with a progress bar.
    "REPORT_SYNC_MAX_ROWS": envint("PONTIVE_REPORT_SYNC_MAX_ROWS", 1500),
    # How many days ahead a citizen may reserve a desk.
    "COWORKING_DAYS_AHEAD": envint("PONTIVE_COWORKING_DAYS_AHEAD", 60),
    # Largest request letter or event photo accepted, in bytes.
    "UPLOAD_MAX_BYTES": envint("PONTIVE_UPLOAD_MAX_BYTES", 5 * 1024 * 1024),
}

SERVICE_NAME = _("Pontive Center")
WHITENOISE_USE_FINDERS = True  # serves vendored assets before collectstatic has run
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0)  # reverse proxies in front of gunicorn

# Staff login throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords
# or one-time codes for one account from one address, that pair waits.
AXES_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("LOGIN_LOCKOUT_MINUTES", 15))
# The pair, not the account alone: a stranger cannot lock the Kadis out by
# typing wrong passwords; spraying many accounts from one address meets the
# per-address rate limit of the login form instead.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "reservations.http.client_ip"
AXES_LOCKOUT_CALLABLE = "reservations.staff_auth.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # successful logins go to the audit log instead
AXES_VERBOSE = False
LOGIN_RATE_LIMIT = envint("LOGIN_RATE_LIMIT", 30)  # login POSTs per address per 10 minutes

# One-time codes (django-otp, TOTP): the name authenticator apps show.
OTP_TOTP_ISSUER = "Pontive Center"
