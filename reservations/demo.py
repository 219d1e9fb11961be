"""Demo staff: one user per role, so every start page can be tried at once."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from . import calendar
from .roles import Role

DEMO_STAFF = [
    ("admin", Role.ADMIN, "Rina", "Admin"),
    ("sekretariat", Role.SEKRETARIAT, "Sari", "Sekretariat"),
    ("kadis", Role.KADIS, "Budi", "Kadis"),
    ("kabid", Role.KABID, "Hendra", "Kabid"),
    ("kasi", Role.KASI, "Dewi", "Kasi"),
]


def seed(stdout) -> None:
    User = get_user_model()
    password = settings.PONTIVE["DEMO_PASSWORD"]
    for username, role, first, last in DEMO_STAFF:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "is_staff": True,
                "email": f"{username}@pontive.example",
            },
        )
        if created:
            user.set_password(password)
            user.save(update_fields=["password"])
        user.groups.add(Group.objects.get(name=role))
    from django.utils import timezone

    this_year = timezone.localdate().year
    calendar.ensure_holidays(this_year)
    calendar.ensure_holidays(this_year + 1)
    stdout.write(f"  staff: {', '.join(u for u, *_ in DEMO_STAFF)} (password from DEMO_PASSWORD)")
