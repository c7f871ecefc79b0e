"""Enqueue the periodic tasks of one schedule; a systemd timer (deploy/) or a cron line
runs it, and any ``db_worker`` sharing the database runs the tasks."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from xiushan_jobs.lib.extensions import PERIODIC_SCHEDULES, periodic_tasks


class Command(BaseCommand):
    help = "把某一周期的定时任务放入后台任务队列（由 db_worker 执行）。"

    def add_arguments(self, parser):
        parser.add_argument("schedule", choices=PERIODIC_SCHEDULES, help="周期")

    def handle(self, *args, schedule: str, **options):
        for task in periodic_tasks[schedule]:
            result = task.enqueue()
            self.stdout.write(f"已排队：{task.name}（{result.id}）")
