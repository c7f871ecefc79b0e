"""Keeping warning cases in step at county scale, and the pages that read them.

    export XJ_TODAY=2020-09-30 DATABASE_URL=postgres://postgres@127.0.0.1:5432/xj_cases
    .venv/bin/python manage.py migrate
    .venv/bin/python manage.py import_villages fixtures/villages.csv
    .venv/bin/python manage.py seed_demo --laborers 100000      # demo cases included
    .venv/bin/python bench/bench_cases.py [--runs 200] [--batch 10000]

Prints, with the queries each made (every change rolled back, so the database is left as
it was):

    check      ``sync_cases`` on a database in step: every rule over every subject
    rebuild    the same from no cases at all (what the first run after deployment does)
    one write  the sync a single service, job or survey triggers: p50 / p95 over --runs
    batch      one import's worth of laborers changed (--batch): the one sync per batch
    pages      我的待办 (workspace), the case list and the county's handling figures
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xiushan_jobs.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("HTTPS", "0")
os.environ.setdefault("SECRET_KEY", "bench-only-key")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
warnings.filterwarnings("ignore", "No directory at", UserWarning)  # no collectstatic

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.urls import reverse  # noqa: E402

from accounts.services import user_upsert  # noqa: E402
from bench.page_timer import percentile, time_pages  # noqa: E402
from cases.models import Case, CaseAction  # noqa: E402
from cases.services import cases_sync  # noqa: E402
from laborers.models import Laborer, Township  # noqa: E402
from xiushan_jobs.lib.clock import today  # noqa: E402
from xiushan_jobs.lib.roles import Role  # noqa: E402


class Rollback(Exception):
    pass


def timed(label: str, func) -> None:
    """Run ``func`` in a transaction that is rolled back; print seconds and queries."""
    try:
        with transaction.atomic():
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                result = func()
                seconds = time.perf_counter() - started
            print(f"  {label:<46} {seconds:8.2f} s {len(queries):5} queries   {result}")
            raise Rollback
    except Rollback:
        pass


def changes(result) -> str:
    return f"opened {sum(result.opened.values()):,}, cleared {sum(result.cleared.values()):,}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--batch", type=int, default=10_000)
    parser.add_argument("--page-runs", type=int, default=20)
    args = parser.parse_args()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    day = today()
    laborer_ids = list(Laborer.objects.order_by("pk").values_list("pk", flat=True))
    print(
        f"{connection.vendor}: {len(laborer_ids):,} laborers, {Case.objects.count():,} cases"
        f" ({Case.objects.active().count():,} active), business date {day}"
    )

    print("\n== sync_cases (every rule over every subject)")
    timed("check, in step", lambda: changes(cases_sync(everything=True, event="bench")))

    def rebuild():
        # straight SQL: the ORM's delete would write a history row per case
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {CaseAction._meta.db_table}")
            cursor.execute(f"DELETE FROM {Case._meta.db_table}")
        return changes(cases_sync(everything=True, event="bench"))

    timed("rebuild from no cases (DELETE included)", rebuild)

    print(f"\n== one write: a laborer's sync, {args.runs} laborers (ms)")
    rng = random.Random(2020)
    times, counts = [], []
    try:
        with transaction.atomic():
            for pk in rng.sample(laborer_ids, args.runs):
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    cases_sync(laborer_ids={pk}, event="bench")
                    times.append((time.perf_counter() - started) * 1000)
                counts.append(len(queries))
            raise Rollback
    except Rollback:
        pass
    print(
        f"  p50 {statistics.median(times):.1f}  p95 {percentile(times, 0.95):.1f}"
        f"  max {max(times):.1f}   queries {min(counts)}–{max(counts)}"
    )

    print(f"\n== one batch: {args.batch:,} laborers surveyed (an import's apply)")
    batch = rng.sample(laborer_ids, min(args.batch, len(laborer_ids)))

    def surveyed_batch():
        for start in range(0, len(batch), 10_000):
            Laborer.objects.filter(pk__in=batch[start : start + 10_000]).update(
                last_surveyed_on=day
            )
        started = time.perf_counter()
        result = cases_sync(laborer_ids=batch, event="bench")
        return f"{changes(result)}; the sync alone {time.perf_counter() - started:.2f} s"

    timed("update the rows, then one sync", surveyed_batch)

    print(f"\n== pages ({args.page_runs} requests each; p50 p95 ms)")
    township = Township.objects.get(name="中和街道")
    county, _ = user_upsert(username="bench_county", role=Role.COUNTY)
    officer, _ = user_upsert(username="bench_zhonghe", role=Role.TOWNSHIP, township=township)

    def pages(user):
        if user == officer:
            return [
                ("工作台（我的待办）", reverse("laborers:workspace")),
                ("预警处置列表（处置中）", reverse("cases:list") + "?state=open"),
                ("处置率与及时率", reverse("cases:handling")),
            ]
        return [
            ("预警处置列表（逾期报县）", reverse("cases:list") + "?state=escalated"),
            ("处置率与及时率（全县）", reverse("cases:handling")),
            ("目标看板（含处置率）", reverse("dashboard:county")),
        ]

    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages, DASHBOARD_CACHE_SECONDS=0):
        time_pages([officer, county], pages, args.page_runs)


if __name__ == "__main__":
    main()
