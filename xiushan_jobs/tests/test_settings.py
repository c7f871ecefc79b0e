"""Settings read from the environment fail loudly: checked in a fresh interpreter, since
settings are read once at start-up."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]


def _load_settings(**env):
    environment = {
        k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import xiushan_jobs.settings as s; print(s.DEBUG)"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_secret_key_required_without_debug():
    result = _load_settings(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_bad_debug_value_is_refused():
    result = _load_settings(DEBUG="sometimes", SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "DEBUG='sometimes'" in result.stderr


def test_bad_database_url_is_refused():
    result = _load_settings(DEBUG="1", DATABASE_URL="nosuchdb://x")
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


def test_debug_gives_a_development_secret_key():
    result = _load_settings(DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_language_and_time_zone(settings):
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.USE_TZ is True


@pytest.mark.django_db
def test_models_and_migrations_are_in_sync():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.parametrize(
    "key, problem",
    [
        ("change-me", "is 9 characters long"),
        ("test-only-insecure-key", "is 22 characters long"),
        ("django-insecure-" + "k7Qz_2vXw9pLm4RtYb8NcJ5hGd3FsA6eU1oI0yTqWxZ" * 2, "development key"),
        ("ab" * 30, "only 2 different characters"),
    ],
)
def test_a_weak_secret_key_stops_start_up_without_debug(key, problem):
    result = _load_settings(DEBUG="0", SECRET_KEY=key)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and problem in result.stderr
    assert "token_urlsafe(50)" in result.stderr  # says how to make a good one


def test_a_long_random_secret_key_starts():
    result = _load_settings(DEBUG="0", SECRET_KEY=secrets.token_urlsafe(50))
    assert result.returncode == 0, result.stderr
    # development keeps working with any key, or none
    assert _load_settings(DEBUG="1", SECRET_KEY="x").returncode == 0
