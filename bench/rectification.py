"""Timing of the rectification tracker at a size beyond the plan's nine tasks.

Creates TASKS tasks with REPORTS progress reports each (every other report with a small
PDF) in a fresh database, then times the list page, a detail page with the most reports,
the ledger export, and the content check of one evidence file at the default size limit.

    export DEBUG=1 XJ_TODAY=2020-09-30 DATABASE_URL=sqlite:////tmp/bench-rect.sqlite3
    rm -f /tmp/bench-rect.sqlite3*; .venv/bin/python manage.py migrate -v0
    .venv/bin/python bench/rectification.py [TASKS] [REPORTS]
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xiushan_jobs.settings")
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="bench-rect-media-"))

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from accounts.services import user_upsert  # noqa: E402
from rectification.evidence import check_upload  # noqa: E402
from rectification.models import Task  # noqa: E402
from rectification.services import report_add  # noqa: E402
from xiushan_jobs.lib.clock import today  # noqa: E402
from xiushan_jobs.lib.roles import Role  # noqa: E402
from xiushan_jobs.testing import PDF_BYTES, make_task  # noqa: E402


def timed(label: str, func, repeat: int = 5) -> None:
    func()  # warm up
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        func()
    started = time.perf_counter()
    for _ in range(repeat):
        func()
    elapsed = (time.perf_counter() - started) / repeat
    print(f"{label:<38} {elapsed * 1000:8.1f} ms  {len(queries):3d} queries")


def main(tasks: int, reports: int) -> None:
    user, _ = user_upsert(username="bench_county", role=Role.COUNTY, full_name="基准测试")
    if Task.objects.count() < tasks:
        started = time.perf_counter()
        for _ in range(tasks - Task.objects.count()):  # the nine seeded tasks count too
            task = make_task()
            for n in range(reports):
                files = [SimpleUploadedFile(f"{n}.pdf", PDF_BYTES)] if n % 2 else []
                report_add(
                    task=task, by=user, date=today(), text=f"第 {n} 次进展。" * 20, files=files
                )
        print(f"created {tasks} tasks × {reports} reports in {time.perf_counter() - started:.1f} s")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    busiest = Task.objects.order_by("-pk").first()
    print(f"{Task.objects.count()} tasks, {reports} reports each, on {connection.vendor}")
    timed("list page (50 per page)", lambda: client.get(reverse("rectification:list")))
    timed(
        f"detail page ({reports} reports)",
        lambda: client.get(reverse("rectification:detail", args=[busiest.pk])),
    )
    timed("ledger export (all tasks)", lambda: client.get(reverse("rectification:ledger")), 3)
    limit = settings.RECTIFICATION_EVIDENCE_MAX_MB * 1024 * 1024
    big = PDF_BYTES + b"\x00" * (limit - len(PDF_BYTES))
    upload = SimpleUploadedFile("big.pdf", big)
    started = time.perf_counter()
    check_upload(upload, max_bytes=limit)
    elapsed = (time.perf_counter() - started) * 1000
    print(f"{'evidence check of a ' + str(limit // 2**20) + ' MB PDF':<38} {elapsed:8.1f} ms")


if __name__ == "__main__":
    main(
        int(sys.argv[1]) if len(sys.argv) > 1 else 200, int(sys.argv[2]) if len(sys.argv) > 2 else 8
    )
