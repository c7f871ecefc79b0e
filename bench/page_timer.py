"""Timing pages through Django's test client (no network), for the page benchmarks.

``time_pages(users, pages_for, runs)`` prints, for each user, p50 and p95 server time in
milliseconds of each ``(label, url)`` that ``pages_for(user)`` returns, after one warm-up
request each, and the number of SQL queries of the last request.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterable

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_test_environment


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def time_pages(
    users: Iterable, pages_for: Callable[[object], list[tuple[str, str]]], runs: int
) -> None:
    if not getattr(time_pages, "environment_ready", False):  # once per process
        setup_test_environment()
        time_pages.environment_ready = True
    for user in users:
        client = Client()
        client.force_login(user)
        print(f"\n{user.username}")
        for label, url in pages_for(user):
            assert client.get(url).status_code == 200, url  # warm-up
            times = []
            for _ in range(runs):
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    response = client.get(url)
                    times.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, url
            p50, p95 = statistics.median(times), percentile(times, 0.95)
            print(f"  {label:<28} {p50:7.1f} {p95:7.1f}   {len(queries)} queries")
