"""The portal's own settings, plus the baseline view the scan benchmark compares against."""

from pontive.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

# The login page renders static URLs; the benchmark serves no static files, so it
# needs no collectstatic manifest.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
