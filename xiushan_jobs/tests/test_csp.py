"""The Content-Security-Policy: every page sends it, and no template needs what it refuses
(inline scripts, on…= handlers, javascript: links)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from xiushan_jobs.testing import make_laborer

ROOT = Path(__file__).resolve().parents[2]
INLINE_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE | re.DOTALL)
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"""(href|action|src)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)


def _inline_scripts(html: str) -> list[str]:
    """<script> tags that run code written in the page (a src, or a JSON data block
    that is never executed, are fine)."""
    return [
        attrs
        for attrs in SCRIPT_TAG.findall(html)
        if "src=" not in attrs and "application/json" not in attrs
    ]


def _templates() -> list[Path]:
    dirs = [Path(d) for d in settings.TEMPLATES[0]["DIRS"]]
    dirs += [p for p in ROOT.glob("*/templates") if ".venv" not in p.parts]
    return sorted({path for d in dirs for path in d.rglob("*.html")})


def test_no_template_has_inline_scripts_or_handlers():
    templates = _templates()
    assert len(templates) > 50  # the scan sees the project's templates
    offenders = []
    for path in templates:
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(ROOT)
        offenders += [f"{name}: on…= handler" for _ in INLINE_HANDLER.findall(text)]
        offenders += [f"{name}: inline <script{a}>" for a in _inline_scripts(text)]
        offenders += [f"{name}: javascript: URL" for _ in JAVASCRIPT_URL.findall(text)]
    assert offenders == []


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.django_db
def test_pages_send_a_policy_that_refuses_inline_scripts(client, officer_a, village_a1):
    make_laborer(village=village_a1)
    assert "Content-Security-Policy" in client.get(reverse("login"))
    client.force_login(officer_a)
    for name in ("laborers:laborer_list", "laborers:workspace"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        policy = _policy(response)
        assert policy["script-src"] == ["'self'"]
        assert policy["default-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"] and policy["form-action"] == ["'self'"]
        assert "'unsafe-inline'" not in policy["style-src"]
        html = response.content.decode()
        assert _inline_scripts(html) == [] and not INLINE_HANDLER.search(html)
        assert "js/app.js" in html  # what the data attributes need


@pytest.mark.django_db
def test_the_admin_pages_run_under_the_policy(client, county_user):
    client.force_login(county_user)
    response = client.get(reverse("admin:laborers_laborer_export"))
    assert response.status_code == 200
    assert "Content-Security-Policy" in response
    html = response.content.decode()
    assert _inline_scripts(html) == []
    # django-import-export's "select all" box still has its onchange (blocked by the
    # policy): the admin's own script calls the same function instead
    assert "js/admin.js" in html


@pytest.mark.django_db
def test_downloads_keep_their_own_stricter_policy(client, settings):
    from csp.middleware import CSPMiddleware
    from django.http import HttpResponse
    from django.test import RequestFactory

    response = HttpResponse("x")
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    out = CSPMiddleware(lambda request: response)(RequestFactory().get("/"))
    assert out["Content-Security-Policy"] == "sandbox; default-src 'none'"


def test_no_template_has_a_style_block():
    """``style-src`` is the site's own files: a ``<style>`` block would be dropped by the
    browser and leave the page unstyled."""
    offenders = [
        str(path.relative_to(settings.BASE_DIR))
        for path in (settings.BASE_DIR / "templates").rglob("*.html")
        if "<style" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
