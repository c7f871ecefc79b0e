"""Reading settings from the environment, failing loudly on a bad value.

A typo in a production environment variable should stop the process at start-up with a
message naming the variable, not silently fall back to a default.
"""

from __future__ import annotations

import datetime
import os
import sys

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return default if value is None else value.strip()


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a boolean; use 1/0, true/false, yes/no or on/off"
    )


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name}={value} must be at least {minimum}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_date(name: str) -> datetime.date | None:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return None
    try:
        return datetime.date.fromisoformat(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a date in the form YYYY-MM-DD") from None


#: a SECRET_KEY shorter than this, or with fewer distinct characters, is refused with DEBUG
#: off (Django's own deployment check uses the same figures)
SECRET_KEY_MIN_LENGTH, SECRET_KEY_MIN_UNIQUE = 50, 5


def check_secret_key(key: str) -> None:
    """Stop start-up on a key someone could guess: short, repetitive, or one of Django's
    generated development keys (``django-insecure-…``)."""
    if key.startswith("django-insecure"):
        problem = "is a development key (it starts with 'django-insecure')"
    elif len(key) < SECRET_KEY_MIN_LENGTH:
        problem = f"is {len(key)} characters long; use at least {SECRET_KEY_MIN_LENGTH}"
    elif len(set(key)) < SECRET_KEY_MIN_UNIQUE:
        problem = f"has only {len(set(key))} different characters"
    else:
        return
    raise ImproperlyConfigured(
        f"SECRET_KEY {problem}. With DEBUG off it must be long and random, for example: "
        'python -c "import secrets; print(secrets.token_urlsafe(50))"'
    )


def running_tests() -> bool:
    """Whether this process is pytest (tests run with DEBUG off and a throwaway key)."""
    return "pytest" in sys.modules
