from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ops.backup import BackupError, backup


class Command(BaseCommand):
    help = "备份数据库（PostgreSQL 用 pg_dump，SQLite 用在线备份）和上传的文件。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir",
            default=str(Path(settings.BASE_DIR) / "var" / "backups"),
            help="备份目录（默认 var/backups）",
        )

    def handle(self, *args, dir, **options):
        try:
            files = backup(Path(dir))
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(f"数据库备份：{files.database}"))
        if files.media:
            self.stdout.write(self.style.SUCCESS(f"上传文件备份：{files.media}"))
        else:
            self.stdout.write("没有上传的文件需要备份。")
