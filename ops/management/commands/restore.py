from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ops.backup import BackupError, restore_database, restore_media


class Command(BaseCommand):
    help = "从 backup 生成的文件恢复数据库（会覆盖当前数据），可同时恢复上传的文件。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="数据库备份文件（.dump 或 .sqlite3）")
        parser.add_argument("--media", help="上传文件备份（-media.tar.gz）")
        parser.add_argument("--yes", action="store_true", help="不再询问，直接覆盖当前数据")

    def handle(self, *args, file, media, yes, **options):
        if not yes:
            answer = input("恢复会用备份覆盖当前数据库中的全部数据。输入 yes 继续：")
            if answer.strip().lower() != "yes":
                raise CommandError("已取消，没有改动任何数据。")
        try:
            restore_database(Path(file))
            if media:
                restore_media(Path(media))
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(f"已从 {file} 恢复。"))
