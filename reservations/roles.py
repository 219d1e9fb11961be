"""The office's roles, as Django groups, and the one place that says who may do what.

The groups themselves are created by a data migration (0002_roles); the model
permissions each role holds are declared here and granted after every migrate,
because permissions exist only once every app has migrated.
"""

from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "Admin Pontive Center", _("Admin Pontive Center")
    SEKRETARIAT = "Sekretariat", _("Secretariat")
    KADIS = "Kepala Dinas", _("Head of Office (Kadis)")
    KABID = "Kabid TKPBET", _("Head of Division TKPBET (Kabid)")
    KASI = "Kasi PK&AI", _("Head of Section PK&AI (Kasi)")


# "app_label.codename" strings; a missing one (an app not migrated yet) is skipped.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.ADMIN: [
        "reservations.view_openinghours",
        "reservations.change_openinghours",
        "reservations.view_holiday",
        "reservations.add_holiday",
        "reservations.change_holiday",
        "reservations.view_closure",
        "reservations.add_closure",
        "reservations.change_closure",
        "reservations.delete_closure",
        "reservations.view_servicepolicy",
        "reservations.change_servicepolicy",
        "reservations.view_notification",
        "coworking.view_desk",
        "coworking.add_desk",
        "coworking.change_desk",
        "coworking.view_reservation",
    ],
    Role.SEKRETARIAT: [],
    Role.KADIS: [
        "reservations.view_closure",
        "reservations.add_closure",
        "reservations.view_auditevent",
    ],
    Role.KABID: ["reservations.view_closure", "reservations.view_auditevent"],
    Role.KASI: [
        "reservations.view_auditevent",
        "reservations.view_closure",
        "reservations.add_closure",
        "reservations.change_closure",
        "reservations.view_holiday",
        "reservations.view_servicepolicy",
        "coworking.view_desk",
        "coworking.view_reservation",
    ],
}


# A user's roles are asked on every staff request (every scan at the front
# desk), so they are kept in the cache; a change of groups forgets them at once
# (forget_roles, connected in apps.py), the timeout bounds any other staleness.
ROLE_CACHE_SECONDS = 60


def _role_key(user_id) -> str:
    return f"roles:{user_id}"


# Visit and meeting-room requests: every role sees them (and moves them only
# through its own steps); rooms, equipment and damage are the front desk's.
_REQUESTS_SEEN_BY_ALL = [
    "reservations.view_servicerequest",
    "reservations.view_leadershipblock",
    "reservations.view_resource",
    "meetingroom.view_equipment",
    "meetingroom.view_damagereport",
]
for _role in Role.values:
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] + _REQUESTS_SEEN_BY_ALL
ROLE_PERMISSIONS[Role.ADMIN] += [
    "reservations.add_leadershipblock",
    "reservations.change_resource",
    "meetingroom.add_equipment",
    "meetingroom.change_equipment",
    "meetingroom.add_damagereport",
    "meetingroom.change_damagereport",
]
ROLE_PERMISSIONS[Role.KADIS] += ["reservations.add_leadershipblock"]
ROLE_PERMISSIONS[Role.KASI] += ["reservations.add_leadershipblock", "meetingroom.add_damagereport"]


def has_role(user, *roles: str) -> bool:
    """Whether the user holds any of the roles (checked on every server-side action)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    names = getattr(user, "_pontive_roles", None)
    if names is None:
        names = _cached_role_names(user)
        user._pontive_roles = names
    return any(role in names for role in roles)


def _cached_role_names(user) -> set[str]:
    try:
        names = cache.get(_role_key(user.pk))
    except Exception:  # a cache outage costs a query, never a refusal
        names = None
    if names is None:
        names = set(user.groups.values_list("name", flat=True))
        try:
            cache.set(_role_key(user.pk), names, ROLE_CACHE_SECONDS)
        except Exception:
            pass
    return names


def forget_roles(sender=None, instance=None, action="", reverse=False, pk_set=None, **kwargs):
    """m2m_changed of User.groups: drop the cached roles of every user concerned."""
    if not reverse:  # user.groups.add/remove/clear(...)
        user_ids = [instance.pk] if action.startswith("post_") else []
    elif action == "pre_clear":  # group.user_set.clear(): who is in it, before
        user_ids = list(instance.user_set.values_list("pk", flat=True))
    elif action in ("post_add", "post_remove"):
        user_ids = list(pk_set or [])
    else:
        user_ids = []
    if user_ids:
        try:
            cache.delete_many([_role_key(pk) for pk in user_ids])
        except Exception:
            pass


def roles_of(user) -> list[str]:
    if not getattr(user, "is_authenticated", False):
        return []
    return [role for role in Role.values if has_role(user, role) and not user.is_superuser] or (
        ["superuser"] if user.is_superuser else []
    )


def sync_role_permissions(sender=None, **kwargs):
    for role, perms in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        wanted = []
        for dotted in perms:
            app_label, codename = dotted.split(".", 1)
            perm = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if perm is not None:
                wanted.append(perm)
        group.permissions.add(*wanted)
