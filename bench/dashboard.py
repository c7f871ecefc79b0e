#!/usr/bin/env python
"""Server time of the dashboards at county scale.

    .venv/bin/python bench/dashboard.py [--laborers 100000] [--runs 40] [--db sqlite,postgres]
    .venv/bin/python bench/dashboard.py --database-url URL    # an already seeded database

Like ``bench_pages.py``: for each database a throwaway one is created (SQLite in a temporary
directory; PostgreSQL ``xj_bench_pages_<pid>`` on ``BENCH_POSTGRES_URL``), migrated, loaded
with the village list and ``seed_demo --laborers N`` (every feature app's demo data), then
each page is requested ``--runs`` times through Django's test client with production
settings (DEBUG off, HTTPS) and p50 / p95 of the server time (the whole request:
middleware, view, queries, template) are printed with the queries per request. The
throwaway database is dropped at the end (``--keep`` keeps it). ``--database-url`` measures
an existing database instead (``seed_demo`` already run; nothing is created or dropped).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_pages import _env, _manage, _postgres_admin

TARGET_P95_MS = 300


def _seed_and_measure(label: str, database_url: str, laborers: int, runs: int) -> None:
    started = time.monotonic()
    _manage(database_url, "migrate", "--noinput")
    _manage(
        database_url, "import_villages", str(Path(__file__).parent.parent / "fixtures/villages.csv")
    )
    _manage(database_url, "seed_demo", "--laborers", str(laborers))
    print(f"[{label}] seeded {laborers} laborers in {time.monotonic() - started:.0f} s", flush=True)
    _measure_in_subprocess(label, database_url, runs)


def _measure_in_subprocess(label: str, database_url: str, runs: int) -> None:
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
    parser.add_argument("--database-url", help="measure this seeded database instead")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--label", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        warnings.filterwarnings("ignore", "No directory at", UserWarning)  # no collectstatic
        measure(args.runs, args.label)
        return
    if args.database_url:
        label = "PostgreSQL" if args.database_url.startswith("postgres") else "SQLite"
        _measure_in_subprocess(label, args.database_url, args.runs)
        return
    for backend in args.db.split(","):
        if backend == "sqlite":
            directory = tempfile.mkdtemp(prefix="xj_bench_")
            path = Path(directory) / "bench.sqlite3"
            try:
                _seed_and_measure("SQLite", f"sqlite:///{path}", args.laborers, args.runs)
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
            url = urlunsplit(urlsplit(base)._replace(path=f"/{name}"))
            _postgres_admin(base, f'CREATE DATABASE "{name}"')
            try:
                _seed_and_measure("PostgreSQL", url, args.laborers, args.runs)
            finally:
                if args.keep:
                    print(f"kept {url}")
                else:
                    _postgres_admin(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        else:
            parser.error(f"unknown database {backend!r}")


# --- measuring, in a process set up for the database ---------------------------------------
def measure(runs: int, label: str) -> None:
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
    from django.test import Client
    from django.urls import reverse

    from dashboard.models import Target
    from laborers.models import Laborer, Township
    from xiushan_jobs.lib.clock import today
    from xiushan_jobs.lib.roles import Role
    from xiushan_jobs.testing import make_user

    with connection.cursor() as cursor:
        # What autovacuum does to a settled table: statistics and the visibility map.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    township = Township.objects.get(name="中和街道")
    users = {
        "县局": make_user("bench_county", Role.COUNTY),
        "乡镇干部": make_user("bench_township", Role.TOWNSHIP, township=township),
    }
    employed = Target.objects.get(plan_year=today().year, number=20)
    pages = {
        "县局": [
            ("目标看板（全县）", reverse("dashboard:county")),
            ("乡镇看板（中和街道）", reverse("dashboard:township", args=[township.pk])),
            (
                "名单：有意愿劳动力（目标 20 分母）",
                reverse("dashboard:drilldown", args=[employed.pk, "denominator"]),
            ),
            ("Excel 报表（全县）", reverse("dashboard:county_report")),
        ],
        "乡镇干部": [
            ("目标进展（本乡镇）", reverse("dashboard:township_home")),
            (
                "名单：有意愿劳动力（目标 20 分母）",
                reverse("dashboard:drilldown", args=[employed.pk, "denominator"]),
            ),
        ],
    }
    print(f"\n{label}: {Laborer.objects.count()} laborers; {runs} requests per page")
    print(f"{'page':<34} {'user':<8} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
    for role, user in users.items():
        client = Client()
        client.force_login(user)
        for name, url in pages[role]:
            for _ in range(2):  # warm caches
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
                response = client.get(url, secure=True)
                timings.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200
            timings.sort()
            p50 = statistics.median(timings)
            p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
            flag = "  !" if p95 > TARGET_P95_MS else ""
            print(f"{name:<34} {role:<8} {p50:8.1f} {p95:8.1f} {queries:8d}{flag}", flush=True)
    print(f"(! marks a p95 over the {TARGET_P95_MS} ms target)")


if __name__ == "__main__":
    main()
