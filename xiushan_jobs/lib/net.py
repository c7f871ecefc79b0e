"""The client's address, proxy-aware.

Behind N trusted reverse proxies (``TRUSTED_PROXY_COUNT``), the client is the N-th address
from the right of X-Forwarded-For: addresses further left were written by the client
and can be forged. Without proxies, REMOTE_ADDR. Login throttling (django-axes) and the
access log both use this one function.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    if request is None:
        return None
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count:
        forwarded = [
            a for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()
        ]
        if len(forwarded) >= count:
            address = _valid(forwarded[-count])
            if address:
                return address
    return _valid(request.META.get("REMOTE_ADDR", "") or "")
