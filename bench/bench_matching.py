#!/usr/bin/env python
"""Matching one vacancy against the county's laborers (岗位信息推送).

    .venv/bin/python bench/bench_matching.py [--laborers 100000] [--runs 40] [--seed]

Uses ``DATABASE_URL`` (default ``postgres://postgres@127.0.0.1:5432/xj_bench_matching``).
``--seed`` drops and recreates that database, migrates it, loads the village list and
seeds ``--laborers`` laborers with ``seed_demo`` (which also seeds the demo vacancies and
pushes). Then, after ``VACUUM ANALYZE``, for every demo vacancy it times
``vacancies.matching.vacancy_matches`` (the top 50, scored in SQL) county-wide and as a
township officer (中和街道), ``--runs`` times each after one warm-up, and prints p50 and p95
in milliseconds and the queries per call; then the same for the whole vacancy page
(``/vacancies/<pk>/``, through Django's test client: middleware, view, template).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
import warnings
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BUSINESS_DATE = "2020-09-30"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/xj_bench_matching"


def _env(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-key"),
        "ALLOWED_HOSTS": "testserver",
        "XJ_TODAY": BUSINESS_DATE,
        "LOG_LEVEL": "WARNING",
    }


def _manage(database_url: str, *args: str) -> None:
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=_env(database_url),
        check=True,
        stdout=subprocess.DEVNULL,
    )


def _recreate(database_url: str) -> None:
    import psycopg

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def seed(database_url: str, laborers: int) -> None:
    started = time.monotonic()
    _recreate(database_url)
    _manage(database_url, "migrate", "--noinput")
    _manage(database_url, "import_villages", str(ROOT / "fixtures" / "villages.csv"))
    _manage(database_url, "seed_demo", "--laborers", str(laborers))
    print(f"seeded {laborers} laborers in {time.monotonic() - started:.0f} s", flush=True)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(runs: int) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xiushan_jobs.settings")
    warnings.filterwarnings("ignore", "No directory at", UserWarning)  # no collectstatic
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings, setup_test_environment

    from laborers.models import Laborer, Township
    from vacancies.matching import candidates, vacancy_matches
    from vacancies.models import Vacancy
    from xiushan_jobs.lib.roles import Role
    from xiushan_jobs.testing import make_user

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    township = Township.objects.get(name="中和街道")
    users = {
        "县局": make_user(f"bench_county_{os.getpid()}", Role.COUNTY),
        "乡镇干部": make_user(f"bench_township_{os.getpid()}", Role.TOWNSHIP, township=township),
    }
    vacancies = list(Vacancy.objects.current().select_related("employer", "trade"))
    print(
        f"\n{connection.vendor}: {Laborer.objects.count()} laborers, "
        f"{len(vacancies)} current vacancies; {runs} runs each"
    )
    print(
        f"{'vacancy':<26} {'user':<8} {'candidates':>10} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}"
    )
    every: dict[str, list[float]] = {role: [] for role in users}
    for vacancy in vacancies:
        for role, user in users.items():
            pool = candidates(vacancy=vacancy, user=user).count()
            vacancy_matches(vacancy=vacancy, user=user)  # warm-up
            times = []
            for _ in range(runs):
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    matches = vacancy_matches(vacancy=vacancy, user=user)
                    times.append((time.perf_counter() - started) * 1000)
            every[role].extend(times)
            label = f"{vacancy.title}（{len(matches)}）"
            print(
                f"{label:<26} {role:<8} {pool:>10} {statistics.median(times):8.1f} "
                f"{percentile(times, 0.95):8.1f} {len(queries):>8}"
            )
    for role, times in every.items():
        print(
            f"all vacancies, {role}: p50 {statistics.median(times):.1f} ms, "
            f"p95 {percentile(times, 0.95):.1f} ms"
        )

    setup_test_environment()
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    print(f"\nthe vacancy page, {runs} requests each")
    with override_settings(STORAGES=storages):
        for role, user in users.items():
            client = Client()
            client.force_login(user)
            times = []
            for vacancy in vacancies:
                url = f"/vacancies/{vacancy.pk}/"
                assert client.get(url, secure=True).status_code == 200, url
                for _ in range(max(1, runs // 4)):
                    with CaptureQueriesContext(connection) as queries:
                        started = time.perf_counter()
                        response = client.get(url, secure=True)
                        times.append((time.perf_counter() - started) * 1000)
                    assert response.status_code == 200
            print(
                f"vacancy page, {role}: p50 {statistics.median(times):.1f} ms, "
                f"p95 {percentile(times, 0.95):.1f} ms, {len(queries)} queries"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--laborers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--seed", action="store_true", help="recreate and seed the database")
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    if args.seed:
        seed(database_url, args.laborers)
    for key, value in _env(database_url).items():
        os.environ.setdefault(key, value)
    os.environ["DATABASE_URL"] = database_url
    os.environ["XJ_TODAY"] = BUSINESS_DATE
    measure(args.runs)


if __name__ == "__main__":
    main()
