"""The security log: logins, failures, lockouts, role changes and downloads.

Other code calls ``record(request, AuditKind.DOWNLOAD, target="report:2026-11")``
when it hands out a report or a letter. Authentication events and changes of a
user's roles are recorded here from Django's signals, because they happen inside
Django (the login form, the admin's user page, a shell) rather than in one of
our actions; the request in progress, if any, names the actor.

Never put a citizen's name, email, phone or NIK in ``target`` or ``detail``:
name the record by its code or id.
"""

from __future__ import annotations

import ipaddress
from contextvars import ContextVar

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_save, pre_save

from .http import client_ip
from .models import AuditEvent, AuditKind

_current_request: ContextVar = ContextVar("pontive_current_request", default=None)

FLAGS = {"is_active": "active", "is_staff": "staff", "is_superuser": "superuser"}


def current_request():
    """The request being served in this thread, or None (a shell, a task)."""
    return _current_request.get()


class RequestContextMiddleware:
    """Makes the request known to signal receivers that Django calls without it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)


def record(request, kind: str, *, target: str = "", detail: str = "", user=None) -> AuditEvent:
    """Append one event. ``request`` may be None (a task or a command: the actor is the system).

    ``user`` names the actor when the request does not (yet) carry them, as in
    the login signal or the step before a one-time code.
    """
    if kind not in AuditKind.values:
        raise ValueError(f"Unknown audit event kind {kind!r}; add it to AuditKind.")
    actor = user if user is not None else getattr(request, "user", None)
    event = AuditEvent(kind=kind, target=str(target)[:200], detail=str(detail)[:500])
    if actor is not None and getattr(actor, "is_authenticated", False):
        event.actor_id = actor.pk
        event.actor = actor.get_username()[:150]
        event.actor_roles = _roles_of(actor)[:200]
    if request is not None:
        event.ip = _valid_ip(client_ip(request))
    event.save()
    return event


def _roles_of(user) -> str:
    if user.is_superuser:
        names = ["superuser"]
    else:
        names = sorted(user.groups.values_list("name", flat=True))
    return ", ".join(names)


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


# Authentication ------------------------------------------------------------------


def _on_login(sender, request, user, **kwargs):
    method = getattr(request, "pontive_login_method", "")
    record(request, AuditKind.LOGIN, user=user, target=user.get_username(), detail=method)


def _on_logout(sender, request, user, **kwargs):
    if user is not None:
        record(request, AuditKind.LOGOUT, user=user, target=user.get_username())


def _on_login_failed(sender, credentials, request=None, **kwargs):
    # Only an existing account is named: what someone typed into the username
    # field is sometimes their password, or a citizen's email.
    typed = (credentials or {}).get("username") or ""
    known = get_user_model().objects.filter(username=typed).exists() if typed else False
    reason = getattr(request, "pontive_failure", "") or "wrong username or password"
    failures = getattr(request, "axes_failures_since_start", None) or 0
    if failures > settings.AXES_FAILURE_LIMIT:  # the login was already paused
        reason = "refused: login paused"
    record(
        request,
        AuditKind.LOGIN_FAILED,
        user=_anonymous(),
        target=typed if known else "(unknown account)",
        detail=reason,
    )


def _on_locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    known = get_user_model().objects.filter(username=username).exists() if username else False
    record(
        request,
        AuditKind.LOCKOUT,
        user=_anonymous(),
        target=username if known else "(unknown account)",
        detail="login paused after repeated failures",
    )


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


# Roles and account status --------------------------------------------------------


def _on_groups_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "pre_clear"}:
        return
    User = get_user_model()
    verb = {"post_add": "added", "post_remove": "removed", "pre_clear": "removed"}[action]
    if action == "pre_clear":
        related = instance.user_set.all() if reverse else instance.groups.all()
        pk_set = set(related.values_list("pk", flat=True))
    if not pk_set:
        return
    request = current_request()
    if reverse:  # group.user_set.add(user, …)
        for user in User.objects.filter(pk__in=pk_set):
            record(
                request,
                AuditKind.ROLE_CHANGED,
                target=user.get_username(),
                detail=f"{verb}: {instance.name}",
            )
    else:  # user.groups.add(group, …)
        groups = model.objects.filter(pk__in=pk_set)
        names = ", ".join(sorted(groups.values_list("name", flat=True)))
        record(
            request,
            AuditKind.ROLE_CHANGED,
            target=instance.get_username(),
            detail=f"{verb}: {names}",
        )


def _on_permissions_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"} or reverse:
        return
    verb = "added" if action == "post_add" else "removed"
    codenames = ""
    if pk_set:
        codenames = ", ".join(
            sorted(model.objects.filter(pk__in=pk_set).values_list("codename", flat=True))
        )
    record(
        current_request(),
        AuditKind.ROLE_CHANGED,
        target=instance.get_username(),
        detail=f"permissions {verb}: {codenames or 'all'}",
    )


def _before_user_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    # The login itself saves last_login only: no lookup then.
    if raw or instance._state.adding or instance.pk is None:
        return
    if update_fields is not None and not set(update_fields) & set(FLAGS):
        return
    before = sender.objects.filter(pk=instance.pk).values(*FLAGS).first()
    instance._pontive_flags_before = before


def _after_user_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    if created:
        flags = ", ".join(label for field, label in FLAGS.items() if getattr(instance, field))
        record(
            current_request(),
            AuditKind.ACCOUNT_CHANGED,
            target=instance.get_username(),
            detail=f"created ({flags or 'no flags'})",
        )
        return
    before = getattr(instance, "_pontive_flags_before", None)
    instance._pontive_flags_before = None
    if not before:
        return
    yes_no = {True: "yes", False: "no"}
    changes = [
        f"{label}: {yes_no[before[field]]} → {yes_no[getattr(instance, field)]}"
        for field, label in FLAGS.items()
        if before[field] != getattr(instance, field)
    ]
    if changes:
        record(
            current_request(),
            AuditKind.ACCOUNT_CHANGED,
            target=instance.get_username(),
            detail="; ".join(changes),
        )


def connect() -> None:
    from axes.signals import user_locked_out

    User = get_user_model()
    user_logged_in.connect(_on_login, dispatch_uid="pontive-audit-login")
    user_logged_out.connect(_on_logout, dispatch_uid="pontive-audit-logout")
    user_login_failed.connect(_on_login_failed, dispatch_uid="pontive-audit-login-failed")
    user_locked_out.connect(_on_locked_out, dispatch_uid="pontive-audit-lockout")
    m2m_changed.connect(
        _on_groups_changed, sender=User.groups.through, dispatch_uid="pontive-audit-groups"
    )
    m2m_changed.connect(
        _on_permissions_changed,
        sender=User.user_permissions.through,
        dispatch_uid="pontive-audit-permissions",
    )
    pre_save.connect(_before_user_saved, sender=User, dispatch_uid="pontive-audit-user-pre")
    post_save.connect(_after_user_saved, sender=User, dispatch_uid="pontive-audit-user-post")
