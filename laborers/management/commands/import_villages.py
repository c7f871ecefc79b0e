from django.core.management.base import BaseCommand, CommandError

from laborers.services import VillageRowError, villages_import
from xiushan_jobs.lib.spreadsheet import SpreadsheetError, read_table


class Command(BaseCommand):
    help = (
        "从 CSV 或 xlsx 导入村（社区）名录：列“乡镇（街道）”“村（社区）”，可选“类型”"
        "“市级挂牌督战村”“县级扶贫重点村”“易地扶贫搬迁安置点”。可重复执行；"
        "有任何错误时不写入任何数据。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            rows = read_table(file)
        except FileNotFoundError:
            raise CommandError(f"文件不存在：{file}") from None
        except SpreadsheetError as exc:
            raise CommandError(f"{file}：{exc}") from None
        try:
            result = villages_import(rows=rows)
        except VillageRowError as exc:
            raise CommandError(f"{file}：{exc}（没有写入任何数据）") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"村（社区）名录：新增 {result.created}，更新 {result.updated}，"
                f"未变 {result.unchanged}"
            )
        )
