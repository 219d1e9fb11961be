"""Every page of the project carries the security headers, and every form its CSRF token.

The walk covers every URL pattern that reverses without arguments, the admin's
included, so a page a service adds later is checked without editing this file.
"""

import json
import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from reservations.models import OpeningHours

from .test_settings_production import production_settings

pytestmark = pytest.mark.django_db


def reversible_urls() -> list[str]:
    found: set[str] = set()

    def walk(patterns, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                ns = entry.namespace
                walk(
                    entry.url_patterns, f"{namespace}:{ns}" if namespace and ns else ns or namespace
                )
            elif isinstance(entry, URLPattern) and entry.name:
                name = f"{namespace}:{entry.name}" if namespace else entry.name
                try:
                    found.add(reverse(name))
                except NoReverseMatch:
                    pass  # needs arguments

    walk(get_resolver().url_patterns, "")
    return sorted(found)


def unprotected_views() -> list[str]:
    exempt = []

    def walk(patterns, prefix):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + str(entry.pattern))
            elif getattr(entry.callback, "csrf_exempt", False):
                exempt.append(prefix + str(entry.pattern))

    walk(get_resolver().url_patterns, "")
    return exempt


class PageParser(HTMLParser):
    """Collects post forms (with their CSRF token) and every piece of inline script."""

    def __init__(self):
        super().__init__()
        self.forms = []  # [action, has token]
        self.inline_scripts = []  # nonce of each executable <script> without src
        self.handlers = []  # on* attributes and javascript: URLs
        self._open_form = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name, value in attrs.items():
            if name.startswith("on") or (value or "").strip().lower().startswith("javascript:"):
                self.handlers.append(f"<{tag} {name}=…>")
        if tag == "form" and (attrs.get("method") or "get").lower() == "post":
            self._open_form = [attrs.get("action", ""), False]
            self.forms.append(self._open_form)
        elif tag == "input" and self._open_form is not None:
            if attrs.get("name") == "csrfmiddlewaretoken" and attrs.get("value"):
                self._open_form[1] = True
        elif tag == "script" and "src" not in attrs:
            kind = (attrs.get("type") or "text/javascript").lower()
            if kind in {"text/javascript", "module", "application/javascript"}:
                self.inline_scripts.append(attrs.get("nonce"))

    def handle_endtag(self, tag):
        if tag == "form":
            self._open_form = None


def header_problems(url: str, response, *, secure: bool) -> list[str]:
    problems = []
    if response.status_code >= 500:
        problems.append(f"{url}: answered {response.status_code}")
    expected = {
        "X-Frame-Options": "DENY",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "Cross-Origin-Opener-Policy": "same-origin",
    }
    for header, value in expected.items():
        if response.get(header) != value:
            problems.append(f"{url}: {header} is {response.get(header)!r}, not {value!r}")
    if secure and "max-age=31536000" not in response.get("Strict-Transport-Security", ""):
        problems.append(f"{url}: no HSTS for a year")
    csp = response.get("Content-Security-Policy", "")
    directives = dict(
        (part.strip().split(" ", 1) + [""])[:2] for part in csp.split(";") if part.strip()
    )
    script_src = directives.get("script-src", "")
    if not script_src or "'unsafe-inline'" in script_src or "'unsafe-eval'" in script_src:
        problems.append(f"{url}: script-src {script_src!r} allows inline script")
    if directives.get("frame-ancestors") != "'none'":
        problems.append(f"{url}: CSP frame-ancestors is not 'none'")
    if directives.get("object-src") != "'none'":
        problems.append(f"{url}: CSP object-src is not 'none'")
    for cookie in response.cookies.values():
        if not cookie.value and cookie["max-age"] == 0:
            continue  # a deletion (a message read, a logout) carries nothing
        if not cookie["httponly"] or cookie["samesite"] not in {"Lax", "Strict"}:
            problems.append(f"{url}: cookie {cookie.key} lacks HttpOnly/SameSite")
        if secure and not cookie["secure"]:
            problems.append(f"{url}: cookie {cookie.key} is not Secure")
    if "text/html" in response.get("Content-Type", "") and response.content:
        page = PageParser()
        page.feed(response.content.decode())
        nonce = re.search(r"'nonce-([^']+)'", script_src)
        for script_nonce in page.inline_scripts:
            if not nonce or script_nonce != nonce.group(1):
                problems.append(f"{url}: an inline <script> without the page's nonce")
        for handler in page.handlers:
            problems.append(f"{url}: inline script in {handler}")
        for action, has_token in page.forms:
            if not has_token:
                problems.append(f"{url}: <form method=post action={action!r}> has no CSRF token")
    return problems


def admin_change_pages() -> list[str]:
    """The change page of one stored object of every model in the admin."""
    from django.contrib import admin

    pages = []
    for model in admin.site._registry:
        obj = model._default_manager.order_by("pk").first()
        if obj is not None:
            meta = model._meta
            pages.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk]))
    return pages


def walk_as(client: Client, *, secure: bool, extra=()) -> tuple[list[str], int, int]:
    problems, forms = [], 0
    urls = reversible_urls() + list(extra)
    for url in urls:
        response = client.get(url, secure=secure)
        problems += header_problems(url, response, secure=secure)
        if "text/html" in response.get("Content-Type", ""):
            parser = PageParser()
            parser.feed(response.content.decode())
            forms += len(parser.forms)
    return problems, len(urls), forms


@pytest.fixture
def in_production(settings):
    """The security settings production runs with (read from DEBUG=0 settings)."""
    values = production_settings()
    for name in (
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "LANGUAGE_COOKIE_SECURE",
    ):
        setattr(settings, name, values[name])
    return values


def test_the_walk_reaches_the_public_staff_and_admin_pages():
    urls = reversible_urls()
    for expected in ("/", "/privasi/", "/login/", "/login/code/", "/staff/2fa/", "/admin/"):
        assert expected in urls
    assert "/admin/reservations/auditevent/" in urls
    assert len(urls) > 30


def test_every_page_carries_the_headers_for_an_anonymous_visitor(client, in_production):
    problems, walked, _forms = walk_as(client, secure=True)
    assert not problems, "\n".join(problems)
    assert walked > 30


def test_every_page_carries_the_headers_for_a_superuser(client, django_user_model, in_production):
    from reservations import audit

    root = django_user_model.objects.create_superuser("root", "root@pontive.example", "x")
    client.force_login(root)
    audit.record(None, "download", target="letter:1")
    change_pages = admin_change_pages()
    monday = OpeningHours.objects.order_by("pk").first()
    assert f"/admin/reservations/openinghours/{monday.pk}/change/" in change_pages
    assert f"/admin/auth/user/{root.pk}/change/" in change_pages
    problems, _walked, forms = walk_as(client, secure=True, extra=change_pages)
    assert not problems, "\n".join(problems)
    assert forms > 20  # the admin's add forms, the logout and language forms were all seen


@pytest.mark.parametrize("persona", ["admin_user", "kasi_user", "outsider_user"])
def test_every_page_carries_the_headers_for_each_kind_of_staff(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    problems, _walked, _forms = walk_as(client, secure=False)
    assert not problems, "\n".join(problems)


def test_a_page_with_a_form_sends_the_csrf_cookie_httponly_and_secure(client, in_production):
    response = client.get("/login/", secure=True)
    cookie = response.cookies["csrftoken"]
    assert cookie["httponly"] and cookie["secure"] and cookie["samesite"] == "Lax"
    language = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, secure=True).cookies[
        "django_language"
    ]
    assert language["httponly"] and language["secure"] and language["samesite"] == "Lax"


def test_a_post_without_the_csrf_token_is_refused(admin_user):
    browser = Client(enforce_csrf_checks=True)
    response = browser.post("/login/", {"username": "rina", "password": "s3cret-pass"})
    assert response.status_code == 403
    assert browser.get("/staff/")["Location"].startswith("/login/")


def test_no_view_is_exempt_from_csrf():
    assert unprotected_views() == []


def test_the_policy_forbids_inline_script_everywhere(client):
    csp = client.get("/").get("Content-Security-Policy")
    script_src = next(p for p in csp.split(";") if p.strip().startswith("script-src"))
    assert "'self'" in script_src
    assert "'unsafe-inline'" not in script_src
    assert json.dumps(csp)  # one header, readable


def test_the_checks_themselves_catch_a_bad_page():
    """The walk would notice: a page without headers, an inline handler, a form without token."""
    from django.http import HttpResponse

    bad = HttpResponse(
        '<form method="post"><input name="x"></form><button onclick="go()">x</button>'
        "<script>alert(1)</script>"
    )
    bad.set_cookie("tracking", "1")
    problems = header_problems("/bad/", bad, secure=True)
    text = "\n".join(problems)
    for expected in ("X-Frame-Options", "HSTS", "script-src", "CSRF token", "onclick", "nonce"):
        assert expected in text
    assert "cookie tracking" in text
