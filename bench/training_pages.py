"""Server time of the training and entrepreneurship pages on a seeded database.

    export DEBUG=1 XJ_TODAY=2020-09-30 DATABASE_URL=…   # a database after seed_demo
    .venv/bin/python bench/training_pages.py [--runs 20]

Prints p50 and p95 (milliseconds) and the query count per page for a county user and a
township officer, through Django's test client, after one warm-up request each.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xiushan_jobs.settings")

import django

django.setup()

from django.db.models import Count  # noqa: E402

from accounts.services import user_upsert  # noqa: E402
from bench.page_timer import time_pages  # noqa: E402
from laborers.models import Laborer, Township  # noqa: E402
from training.models import BusinessLoan, TrainingClass, WorkStation  # noqa: E402
from xiushan_jobs.lib.roles import Role  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    township = Township.objects.get(name="中和街道")
    county, _ = user_upsert(username="bench_county", role=Role.COUNTY)
    officer, _ = user_upsert(username="bench_zhonghe", role=Role.TOWNSHIP, township=township)

    def pages(user):
        biggest = (
            TrainingClass.objects.visible_to(user)
            .annotate(n=Count("enrollments"))
            .order_by("-n", "pk")[0]
        )
        loan = BusinessLoan.objects.visible_to(user).order_by("pk")[0]
        station = WorkStation.objects.order_by("pk")[0]
        laborer = Laborer.objects.visible_to(user).filter(wants_training=True).order_by("pk")[0]
        return [
            ("培训班列表", "/training/"),
            ("培训班详情（学员最多）", f"/training/{biggest.pk}/"),
            ("培训班台账和学员名册 xlsx", "/training/ledger.xlsx"),
            ("培训需求与缺口", "/training/demand/"),
            ("培训补贴统计", "/training/subsidies/"),
            ("培训补贴统计 xlsx", "/training/subsidies.xlsx"),
            ("缺口名单（预警）", "/training/laborers/gap/"),
            ("目标 6 分子名单", "/training/laborers/trained/"),
            ("目标 19 名单", "/training/trainees/hechuan-practical/"),
            ("报名：查找劳动力", f"/training/{biggest.pk}/enroll/?q=杨"),
            ("从劳动力报名", f"/training/laborer/{laborer.pk}/enroll/"),
            ("创业扶持概况", "/entrepreneurship/"),
            ("目标 7 未覆盖名单（预警）", "/entrepreneurship/laborers/unsupported/"),
            ("创业指导列表", "/entrepreneurship/guidance/"),
            ("创业担保贷款列表", "/entrepreneurship/loans/"),
            ("创业担保贷款详情", f"/entrepreneurship/loans/{loan.pk}/"),
            ("创业担保贷款台账 xlsx", "/entrepreneurship/loans/ledger.xlsx"),
            ("创业工位列表", "/entrepreneurship/stations/"),
            ("创业工位详情", f"/entrepreneurship/stations/{station.pk}/"),
        ]

    print(f"{Laborer.objects.count():,} laborers, {args.runs} runs each; p50 / p95 in ms")
    time_pages((county, officer), pages, args.runs)


if __name__ == "__main__":
    main()
