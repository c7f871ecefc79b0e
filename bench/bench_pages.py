#!/usr/bin/env python
"""Server time of the workspace pages at county scale.

    .venv/bin/python bench/bench_pages.py [--laborers 100000] [--runs 40] [--db sqlite,postgres]

For each database it creates a throwaway database (SQLite in a temporary directory;
PostgreSQL ``xj_bench_pages_<pid>`` on ``BENCH_POSTGRES_URL``, default
``postgres://postgres@127.0.0.1:5432/postgres``), migrates it, loads the village list,
seeds ``--laborers`` laborers with ``seed_demo``, then requests each page ``--runs``
times through Django's test client as a township officer (中和街道, about 1/27 of the
county) and as the county bureau, and prints p50 and p95 of the server time (the whole
request through middleware, views and templates; no network) and the queries per request.
The throwaway database is dropped at the end (``--keep`` keeps it).
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BUSINESS_DATE = "2020-09-30"
# one key for every process of a run (DEBUG is off: a weak key would stop start-up)
SECRET_KEY = os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50)


def _env(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": SECRET_KEY,
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


def _postgres_admin(base: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(base, autocommit=True) as connection:
        connection.execute(sql)


def _run_one(label: str, database_url: str, laborers: int, runs: int) -> None:
    started = time.monotonic()
    _manage(database_url, "migrate", "--noinput")
    _manage(database_url, "import_villages", str(ROOT / "fixtures" / "villages.csv"))
    _manage(database_url, "seed_demo", "--laborers", str(laborers))
    print(f"[{label}] seeded {laborers} laborers in {time.monotonic() - started:.0f} s", flush=True)
    subprocess.run(
        [sys.executable, __file__, "--measure", "--runs", str(runs), "--label", label],
        env=_env(database_url),
        check=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--laborers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--db", default="sqlite,postgres", help="sqlite, postgres or both")
    parser.add_argument("--keep", action="store_true", help="keep the throwaway databases")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--label", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        warnings.filterwarnings("ignore", "No directory at", UserWarning)  # no collectstatic
        measure(args.runs, args.label)
        return
    for backend in args.db.split(","):
        if backend == "sqlite":
            directory = tempfile.mkdtemp(prefix="xj_bench_")
            path = Path(directory) / "bench.sqlite3"
            try:
                _run_one("SQLite", f"sqlite:///{path}", args.laborers, args.runs)
            finally:
                if args.keep:
                    print(f"kept {path}")
                else:
                    for leftover in Path(directory).iterdir():
                        leftover.unlink()
                    Path(directory).rmdir()
        elif backend == "postgres":
            base = os.environ.get(
                "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"
            )
            name = f"xj_bench_pages_{os.getpid()}"
            parts = urlsplit(base)
            url = urlunsplit(parts._replace(path=f"/{name}"))
            _postgres_admin(base, f'CREATE DATABASE "{name}"')
            try:
                _run_one("PostgreSQL", url, args.laborers, args.runs)
            finally:
                if args.keep:
                    print(f"kept {url}")
                else:
                    _postgres_admin(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        else:
            parser.error(f"unknown database {backend!r}")


# --- measuring, in a process set up for the throwaway database -------------------------
def measure(runs: int, label: str) -> None:
    """Time the pages (static files as in the test suite: no collectstatic manifest)."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xiushan_jobs.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.test.utils import override_settings

    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages):
        _measure(runs, label)


def _measure(runs: int, label: str) -> None:
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse

    from laborers.models import Laborer, Township
    from xiushan_jobs.lib.roles import Role
    from xiushan_jobs.testing import make_user

    if connection.vendor == "postgresql":
        # What autovacuum does to a table that has settled: statistics and the visibility
        # map (index-only scans). A database fresh from a bulk load has neither.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    township = Township.objects.get(name="中和街道")
    users = {
        "乡镇干部": make_user("bench_township", Role.TOWNSHIP, township=township),
        "县局": make_user("bench_county", Role.COUNTY),
    }
    in_township = Laborer.objects.in_township(township.pk)
    busiest = (
        in_township.annotate(n=Count("services")).order_by("-n", "pk").values_list("pk", flat=True)
    )[0]
    laborer = Laborer.objects.get(pk=busiest)
    village = laborer.household.village
    tail = laborer.id_number[-4:]
    pages = [
        ("劳动力列表", reverse("laborers:laborer_list")),
        (
            "列表·筛选（未就业、服务不足）",
            reverse("laborers:laborer_list") + "?employment=unemployed&few_services=on",
        ),
        (
            "列表·村+预警",
            reverse("laborers:laborer_list") + f"?village={village.pk}&warning=not_updated",
        ),
        ("列表·第 10 页", reverse("laborers:laborer_list") + "?page=10"),
        ("列表·搜索姓名", reverse("laborers:laborer_list") + "?q=" + laborer.name[:2]),
        ("列表·搜索身份证后 4 位", reverse("laborers:laborer_list") + f"?q={tail}"),
        ("劳动力详情", reverse("laborers:laborer_detail", args=[laborer.pk])),
        ("户页面", reverse("laborers:household_detail", args=[laborer.household_id])),
        ("预警", reverse("laborers:warnings")),
        ("工作台", reverse("laborers:workspace")),
    ]
    print(f"\n{label}: {Laborer.objects.count()} laborers; {runs} requests per page")
    print(f"{'page':<30} {'user':<8} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
    for role, user in users.items():
        client = Client()
        client.force_login(user)
        for name, url in pages:
            for _ in range(3):  # warm caches
                assert client.get(url, secure=True).status_code == 200, url
            queries = 0

            def count(execute, sql, params, many, context):
                nonlocal queries
                queries += 1
                return execute(sql, params, many, context)

            with connection.execute_wrapper(count):
                client.get(url, secure=True)
            timings = []
            for _ in range(runs):
                start = time.perf_counter()
                response = client.get(url, secure=True)  # production settings: HTTPS
                timings.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200
            timings.sort()
            p50 = statistics.median(timings)
            p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
            flag = "  !" if p95 > 150 else ""
            print(f"{name:<30} {role:<8} {p50:8.1f} {p95:8.1f} {queries:8d}{flag}", flush=True)


if __name__ == "__main__":
    main()
