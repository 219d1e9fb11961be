"""The evaluation's work lists, in the bar of every staff page (``reservations.worklists``)."""

from django.utils.translation import gettext_lazy as _

from reservations.roles import Role
from reservations.worklists import WorkList, register

from .models import Complaint, MonthlyRecap

READERS = (Role.ADMIN, Role.KASI, Role.KABID, Role.KADIS)


def _recaps_waiting(user, roles, now) -> int:
    return sum(MonthlyRecap.objects.waiting_for(role).count() for role in roles)


def _complaints_waiting(user, roles, now) -> int:
    return Complaint.objects.waiting().count()


def register_worklists() -> None:
    register(
        WorkList(
            key="recaps",
            label=_("Monthly recap"),
            url_name="reports:recaps",
            roles=(Role.ADMIN, Role.KASI, Role.KABID),
            count=_recaps_waiting,
            order=40,
        )
    )
    register(
        WorkList(
            key="complaints",
            label=_("Complaints"),
            url_name="reports:complaints",
            roles=(Role.ADMIN,),
            count=_complaints_waiting,
            order=50,
        )
    )
    register(
        WorkList(
            key="reports", label=_("Reports"), url_name="reports:dashboard", roles=READERS, order=60
        )
    )
