from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from accounts.services import user_upsert
from laborers.models import Laborer, Township, Village
from xiushan_jobs.lib.roles import Role

DEMO_PASSWORD = "xiushan2020"
#: (username, full name, role, township, village-or-None)
DEMO_USERS = [
    ("county", "县就业人才局 张科长", Role.COUNTY, None),
    ("zhonghe", "中和街道 李干部", Role.TOWNSHIP, "中和街道"),
    ("aikou", "隘口镇 王干部", Role.TOWNSHIP, "隘口镇"),
    ("meijiang", "梅江镇 杨干部", Role.TOWNSHIP, "梅江镇"),
    ("aikou_village", "隘口镇 村信息员", Role.VILLAGE, "隘口镇"),
    ("leader", "县领导（只读）", Role.LEADER, None),
]


class Command(BaseCommand):
    help = (
        "make run 使用：加载参考数据（村名录），空库时生成演示县，创建演示账号并打印。可重复执行。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--laborers", type=int, default=20000)
        parser.add_argument("--seed", type=int, default=2020)

    def handle(self, *args, laborers, seed, **options):
        villages_file = Path(settings.BASE_DIR) / "fixtures" / "villages.csv"
        call_command("import_villages", str(villages_file), stdout=self.stdout)
        if Laborer.objects.exists():
            self.stdout.write("已有登记数据，跳过演示数据生成。")
        else:
            call_command(
                "seed_demo", laborers=laborers, seed=seed, stdout=self.stdout, stderr=self.stderr
            )
        lines = []
        for username, full_name, role, township_name in DEMO_USERS:
            township = Township.objects.get(name=township_name) if township_name else None
            village = None
            if role == Role.VILLAGE:
                village = Village.objects.filter(township=township).order_by("pk").first()
            user, _created = user_upsert(
                username=username,
                role=role,
                township=township if role == Role.TOWNSHIP else None,
                village=village,
                password=DEMO_PASSWORD,
                full_name=full_name,
            )
            lines.append(f"  {username:<14} {user.get_role_display():<12} {user.area_label}")
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"演示账号（密码均为 {DEMO_PASSWORD}）："))
        for line in lines:
            self.stdout.write(line)
