"""The background worker of the import pages: checks uploaded files and applies confirmed
imports outside the web request, so a 50,000-row file neither blocks a page nor dies with
the browser. `make run` starts it beside the development server."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from laborers.imports.services import import_worker_run


class Command(BaseCommand):
    help = "运行后台导入进程：检查已上传的文件、写入已确认的导入。"

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="处理完当前队列后退出")
        parser.add_argument("--poll", type=float, default=1.0, help="队列为空时的轮询间隔（秒）")

    def handle(self, *args, once: bool, poll: float, **options):
        if not once:
            self.stdout.write("后台导入进程已启动（Ctrl+C 停止）。")
        try:
            steps = import_worker_run(once=once, poll=poll, log=self.stdout.write)
        except KeyboardInterrupt:
            return
        if once:
            self.stdout.write(f"处理了 {steps} 个导入步骤。")
