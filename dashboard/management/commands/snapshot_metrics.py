import datetime

from django.core.management.base import BaseCommand, CommandError

from dashboard.services import snapshot_take
from xiushan_jobs.lib.clock import today


class Command(BaseCommand):
    help = (
        "记录本年度全部目标指标的当前值（全县及各乡镇），作为当日快照：看板上的趋势和季度末数据"
        "来自这些快照。每天运行一次（见 README 的 cron 示例）；同一天再次运行会替换当天的快照。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            help="快照日期 YYYY-MM-DD，默认业务日期（今天）。只能是今天或昨天："
            "快照记录的是运行时的数据，零点后补记前一天用 --date 昨天的日期。",
        )

    def handle(self, *args, date=None, **options):
        day = today()
        if date:
            try:
                wanted = datetime.date.fromisoformat(date)
            except ValueError:
                raise CommandError(f"日期“{date}”格式不对，应为 YYYY-MM-DD。") from None
            if wanted not in (day, day - datetime.timedelta(days=1)):
                raise CommandError(
                    f"快照记录的是现在的数据，只能记为今天（{day:%Y-%m-%d}）或昨天，"
                    f"不能记为 {wanted:%Y-%m-%d}。"
                )
            day = wanted
        result = snapshot_take(day=day)
        for line in result.skipped:
            self.stderr.write(f"未记录：{line}")
        for end in result.reconstructed:
            self.stdout.write(
                f"补记季度末 {end:%Y-%m-%d}（开始记录快照以前，按各项记录的日期推算）"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"{day:%Y-%m-%d} 指标快照：{result.targets} 项目标，{result.rows} 条记录"
                + (f"（替换了当天原有的 {result.replaced} 条）" if result.replaced else "")
            )
        )
