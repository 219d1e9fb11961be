import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError

from reservations.roles import Role, has_role

pytestmark = pytest.mark.django_db


def test_the_five_roles_exist_as_groups():
    names = set(Group.objects.values_list("name", flat=True))
    assert {
        "Admin Pontive Center",
        "Sekretariat",
        "Kepala Dinas",
        "Kabid TKPBET",
        "Kasi PK&AI",
    } <= names


def test_the_admin_role_may_edit_closures_but_the_kabid_only_sees_them():
    admin = Group.objects.get(name=Role.ADMIN)
    kabid = Group.objects.get(name=Role.KABID)
    assert admin.permissions.filter(codename="add_closure").exists()
    assert kabid.permissions.filter(codename="view_closure").exists()
    assert not kabid.permissions.filter(codename="add_closure").exists()


def test_has_role(admin_user, kasi_user, outsider_user):
    assert has_role(admin_user, Role.ADMIN)
    assert not has_role(admin_user, Role.KASI)
    assert has_role(kasi_user, Role.KASI, Role.KABID)
    assert not has_role(outsider_user, *Role.values)
    admin_user.is_active = False
    assert not has_role(admin_user, Role.ADMIN)


def test_seed_demo_gives_one_login_per_role_and_can_run_twice(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")
    User = get_user_model()
    for username, role in [
        ("admin", Role.ADMIN),
        ("sekretariat", Role.SEKRETARIAT),
        ("kadis", Role.KADIS),
        ("kabid", Role.KABID),
        ("kasi", Role.KASI),
    ]:
        user = User.objects.get(username=username)
        assert user.check_password("pontive-demo")
        assert list(user.groups.values_list("name", flat=True)) == [role]
    assert User.objects.filter(username="admin").count() == 1


def test_seed_demo_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")
    assert not get_user_model().objects.filter(username="kadis").exists()
