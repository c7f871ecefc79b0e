"""Server time of the dashboards on a seeded database.

    export XJ_TODAY=2020-09-30 DATABASE_URL=…   # a database after seed_demo --laborers 100000
    .venv/bin/python bench/dashboard.py [--runs 40]

Production settings (DEBUG off, plain HTTP: ``HTTPS=0``), the test client, no network: p50
and p95 (milliseconds) and the queries of each page, for the county bureau and a township
officer (中和街道), after one warm-up request each — once counting on every request
(``DASHBOARD_CACHE_SECONDS=0``: what a view costs after any record changed) and once with
the counts remembered while nothing changes (``dashboard/cache.py``); ``VACUUM ANALYZE``
(``ANALYZE`` on SQLite) first, as autovacuum would have done to settled tables.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import sys
import tempfile
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xiushan_jobs.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("HTTPS", "0")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
warnings.filterwarnings("ignore", "No directory at", UserWarning)  # no collectstatic

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.urls import reverse  # noqa: E402

from accounts.services import user_upsert  # noqa: E402
from bench.page_timer import time_pages  # noqa: E402
from dashboard.models import Target  # noqa: E402
from laborers.models import Laborer, Township  # noqa: E402
from xiushan_jobs.lib.clock import today  # noqa: E402
from xiushan_jobs.lib.roles import Role  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    township = Township.objects.get(name="中和街道")
    county, _ = user_upsert(username="bench_county", role=Role.COUNTY)
    officer, _ = user_upsert(username="bench_zhonghe", role=Role.TOWNSHIP, township=township)
    employed = Target.objects.get(plan_year=today().year, number=20)
    drilldown = reverse("dashboard:drilldown", args=[employed.pk, "denominator"])

    def pages(user):
        if user == officer:
            return [
                ("目标进展（本乡镇）", reverse("dashboard:township_home")),
                ("名单：目标 20 分母", drilldown),
            ]
        return [
            ("目标看板（全县）", reverse("dashboard:county")),
            ("目标看板（全县，截至 3-31）", reverse("dashboard:county") + "?as_of=2020-03-31"),
            ("乡镇看板（中和街道）", reverse("dashboard:township", args=[township.pk])),
            ("名单：目标 20 分母", drilldown),
            ("Excel 报表（全县）", reverse("dashboard:county_report")),
        ]

    print(
        f"{connection.vendor}: {Laborer.objects.count()} laborers, {args.runs} requests a page;"
        " p50 p95 (ms)"
    )
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Counted afresh on every request (the cost when records changed since the last view)…
    print("\n== counted on every request (DASHBOARD_CACHE_SECONDS=0)")
    with override_settings(STORAGES=storages, DASHBOARD_CACHE_SECONDS=0):
        time_pages([county, officer], pages, args.runs)
    # …and remembered while no record changes (dashboard/cache.py), in a cache of its own.
    print("\n== remembered while nothing changes (the version check: one query)")
    cache_dir = tempfile.mkdtemp(prefix="xj-bench-cache-")
    caches = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": cache_dir,
        }
    }
    try:
        with override_settings(STORAGES=storages, CACHES=caches, DASHBOARD_CACHE_SECONDS=300):
            time_pages([county, officer], pages, args.runs)
    finally:
        shutil.rmtree(cache_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
