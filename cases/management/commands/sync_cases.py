"""Rebuild and check the warning cases from the rules, for after a data repair or at the
start of a day (rules that depend on the date, such as this quarter's survey, change
without any write). Idempotent: a second run changes nothing."""

from django.core.management.base import BaseCommand
from django.db import transaction

from cases.services import cases_sync


class Command(BaseCommand):
    help = "按预警规则核对预警处置：补开应有的预警，解除条件已消除的预警（可重复运行）。"

    def handle(self, *args, **options):
        with transaction.atomic():
            result = cases_sync(everything=True, event="按规则核对（sync_cases）")
        for key in sorted(set(result.opened) | set(result.cleared)):
            opened, cleared = result.opened.get(key, 0), result.cleared.get(key, 0)
            if opened or cleared:
                self.stdout.write(f"{key}: 新开 {opened}，解除 {cleared}")
        self.stdout.write(f"共变更 {result.changed} 条预警处置。")
