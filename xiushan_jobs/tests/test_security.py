import logging
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from xiushan_jobs.lib.logging import RedactPersonalData, redact
from xiushan_jobs.lib.net import client_ip
from xiushan_jobs.testing import valid_id_number

ROOT = Path(__file__).resolve().parents[2]


def test_check_deploy_is_clean_under_production_settings():
    # (the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for the test process only)
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "HTTPS", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="jobs.xiushan.example",
        CSRF_TRUSTED_ORIGINS="https://jobs.xiushan.example",
        TRUSTED_PROXY_COUNT="1",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def _login(client, password, ip="10.0.0.1"):
    return client.post(
        reverse("login"), {"username": "officer_a", "password": password}, REMOTE_ADDR=ip
    )


@pytest.mark.django_db
def test_login_is_throttled_per_user_and_address(officer_a, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, "wrong").status_code == 200  # the form again, with an error
    locked = _login(client, "wrong")
    assert locked.status_code == 429
    assert "登录已暂时锁定" in locked.content.decode()
    # even the right password is refused from that address while locked …
    assert _login(client, "pw-test-123").status_code == 429
    # … but the officer can still sign in from another address
    assert _login(Client(), "pw-test-123", ip="10.0.0.2").status_code == 302


@pytest.mark.django_db
def test_successful_login_resets_the_failure_count(officer_a, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "wrong")
    assert _login(client, "pw-test-123").status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, "wrong").status_code == 200


def test_client_ip_is_proxy_aware(settings):
    factory = RequestFactory()
    request = factory.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "127.0.0.1"  # no proxy trusted: the header is ignored
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.9"  # the address our proxy saw, not the forged one
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request) == "6.6.6.6"
    bad = factory.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="not-an-ip")
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(bad) == "127.0.0.1"


@pytest.mark.django_db
def test_forms_require_csrf_tokens(officer_a):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "officer_a", "password": "pw-test-123"})
    assert response.status_code == 403
    page = client.get(reverse("login"))
    token = page.cookies["csrftoken"].value
    response = client.post(
        reverse("login"),
        {"username": "officer_a", "password": "pw-test-123", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302


def test_sessions_expire(settings):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert 300 <= settings.SESSION_COOKIE_AGE <= 12 * 3600
    assert settings.SESSION_COOKIE_HTTPONLY is True


@pytest.mark.django_db
def test_security_headers_over_https(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get(reverse("login"), secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_logs_never_carry_id_numbers_or_phones(caplog):
    number = valid_id_number()
    assert redact(f"查询 {number} 和 13800138000") == (
        f"查询 {number[:6]}********{number[-4:]} 和 138****8000"
    )
    logger = logging.getLogger("xiushan.test")
    logger.addFilter(RedactPersonalData())
    with caplog.at_level(logging.INFO, logger="xiushan.test"):
        logger.info("GET /laborers/?q=%s phone=%s", number.lower(), "13800138000")
    assert number not in caplog.text and number.lower() not in caplog.text
    assert "13800138000" not in caplog.text


def test_the_development_servers_request_log_is_redacted():
    # runserver writes each request line through the "django.server" logger, with its own
    # handler: the query string of a search carries a complete ID number.
    number = valid_id_number()
    code = (
        "import django, logging; django.setup(); "
        "logging.getLogger('django.server').info('\"%s\" %s %s', "
        f"'GET /laborers/people/?q={number} HTTP/1.1', '200', '5120', "
        "extra={'status_code': 200, 'server_time': '07/Dec/2026 21:00:00'})"
    )
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL"}}
    env.update(DEBUG="1", DJANGO_SETTINGS_MODULE="xiushan_jobs.settings")
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert f"?q={number[:6]}********{number[-4:]} HTTP/1.1" in result.stderr
    assert number not in result.stderr
