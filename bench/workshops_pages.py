"""Server time of the workshop and post pages on a seeded database.

    export DEBUG=1 XJ_TODAY=2020-09-30 DATABASE_URL=…   # a database after seed_demo
    .venv/bin/python bench/workshops_pages.py [--runs 20]

Prints p50 and p95 (milliseconds) per page for a county user and a township officer,
through Django's test client (no network), after one warm-up request each.
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

from accounts.services import user_upsert  # noqa: E402
from bench.page_timer import time_pages  # noqa: E402
from laborers.models import Laborer, Township  # noqa: E402
from workshops.models import Post, Workshop  # noqa: E402
from xiushan_jobs.lib.roles import Role  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    township = Township.objects.get(name="中和街道")
    county, _ = user_upsert(username="bench_county", role=Role.COUNTY)
    officer, _ = user_upsert(username="bench_zhonghe", role=Role.TOWNSHIP, township=township)
    laborer = Laborer.objects.filter(household__village__township=township).first()

    def pages(user):
        workshop = Workshop.objects.visible_to(user).with_headcount().order_by("-headcount")[0]
        post = Post.objects.visible_to(user).with_headcount().order_by("-headcount")[0]
        return [
            ("扶贫车间列表", "/workshops/"),
            ("扶贫车间详情（在岗最多）", f"/workshops/{workshop.pk}/"),
            ("扶贫车间台账 xlsx", "/workshops/ledger.xlsx"),
            ("公益性岗位列表", "/posts/"),
            ("公益性岗位列表（有空缺）", "/posts/?vacancy=open"),
            ("公益性岗位详情", f"/posts/{post.pk}/"),
            ("公益性岗位台账 xlsx", "/posts/ledger.xlsx"),
            ("待安置名单（预警）", "/placements/laborers/unplaced/"),
            ("目标 8 分母名单", "/placements/laborers/hard-to-employ/"),
            ("目标 14 名单", "/placements/laborers/local-work/?year=2020"),
            ("从劳动力安置", f"/placements/laborer/{laborer.pk}/"),
        ]

    print(f"{Laborer.objects.count():,} laborers, {args.runs} runs each; p50 / p95 in ms")
    time_pages((county, officer), pages, args.runs)


if __name__ == "__main__":
    main()
