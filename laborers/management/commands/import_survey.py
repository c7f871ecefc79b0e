"""Import a village survey sheet from the command line, through the same pipeline as
the upload page. Without --commit it is a dry run that writes nothing."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from laborers.imports.services import import_file_run
from laborers.models import ImportBatch
from xiushan_jobs.lib.importing import Report
from xiushan_jobs.lib.progress import ProgressBar
from xiushan_jobs.lib.scope import is_read_only, role_of

logger = logging.getLogger(__name__)
STAGE_LABELS = {"reading": "读取", "checking": "核对", "applying": "写入"}
SHOWN_ERRORS = 50


class Command(BaseCommand):
    help = "导入村级调查表（xlsx/xls/ods/csv）。不加 --commit 为试运行，不写入任何数据。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="调查表文件")
        parser.add_argument("--user", required=True, help="以该用户的身份和管辖范围导入")
        parser.add_argument("--commit", action="store_true", help="写入数据库（默认只检查）")
        parser.add_argument("--json", action="store_true", help="输出一个 JSON 对象")

    def handle(self, *args, file: str, user: str, commit: bool, json: bool, **options):
        path = Path(file)
        account = User.objects.filter(username=user).first()
        # Who may import is decided before the file is read: the answer is a refusal like a
        # bad file's (one JSON object with --json, exit 2), not a row error on every row.
        if account is None:
            report = Report(file=path.name, refused=f"没有用户名为“{user}”的用户。")
        elif role_of(account) is None:
            report = Report(file=path.name, refused=f"用户“{user}”没有角色或已停用，不能导入。")
        elif is_read_only(account):
            report = Report(file=path.name, refused=f"用户“{user}”是只读账号，不能导入数据。")
        elif not path.is_file():
            report = Report(file=path.name, refused=f"找不到文件：{file}")
        else:
            bars: dict[str, ProgressBar] = {}

            def progress(stage: str, done: int, total: int) -> None:
                bar = bars.setdefault(
                    stage, ProgressBar(STAGE_LABELS.get(stage, stage), self.stderr._out)
                )
                bar(done, total)

            try:
                report, batch = import_file_run(
                    user=account,
                    kind=ImportBatch.Kind.SURVEY,
                    file_name=path.name,
                    data=path.read_bytes(),
                    commit=commit,
                    progress=None if json else progress,
                )
            except PermissionDenied as exc:
                raise CommandError(str(exc)) from None
            except Exception as exc:
                logger.exception("import_survey failed")
                raise CommandError(
                    f"导入失败，数据没有写入（全部回滚）：{type(exc).__name__}: {exc}"
                ) from exc
            if batch is not None and batch.duplicate_of_id:
                self.stderr.write(
                    f"注意：同一文件已于 {batch.duplicate_of.applied_at:%Y-%m-%d %H:%M} 导入过"
                    f"（批次 #{batch.duplicate_of_id}）。"
                )
        if json:
            self.stdout.write(_json_dumps(report.summary_json()))
        else:
            self._print(report, commit)
        if report.refused:
            raise CommandError(report.refused if not json else "未导入：见 refused", returncode=2)

    def _print(self, report: Report, commit: bool) -> None:
        if report.refused:
            return
        write = self.stdout.write
        write(
            f"{report.file}：数据行 {report.rows}，新增 {report.created}，更新 {report.updated}，"
            f"未变 {report.unchanged}，跳过 {report.skipped}，错误 {report.error_rows} 行"
        )
        for warning in report.warnings:
            write(f"提示：{warning}")
        for issue in report.issues[:SHOWN_ERRORS]:
            where = f"第 {issue.row} 行" + (f"“{issue.column}”" if issue.column else "")
            write(f"  {where}：{issue.message}")
        if len(report.issues) > SHOWN_ERRORS:
            write(f"  ……另有 {len(report.issues) - SHOWN_ERRORS} 处错误（用 --json 查看全部）")
        if report.committed:
            write(self.style.SUCCESS("已写入数据库（有错误的行未写入）。"))
        else:
            write("试运行：没有写入任何数据。加 --commit 写入。")


def _json_dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False)
