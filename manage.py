#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pontive.settings")
    from django.core.exceptions import ImproperlyConfigured

    try:
        from django.conf import settings

        settings.INSTALLED_APPS  # noqa: B018  (reads the environment now)
    except ImproperlyConfigured as exc:
        # Said plainly, instead of under Django's "Models aren't loaded yet" traceback.
        sys.exit(f"Pontive Center will not start: {exc}\nOn a laptop, use `make run` (DEBUG=1).")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
