from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from accounts.services import generate_password, user_upsert
from laborers.models import Township, Village
from xiushan_jobs.lib.roles import Role


class Command(BaseCommand):
    help = "创建用户或更新已有用户的角色与管辖范围。未给出 --password 时为新用户生成随机密码。"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=[r.value for r in Role])
        parser.add_argument("--township", help="乡镇（街道）名称，乡镇干部必填")
        parser.add_argument("--village", help="村（社区）名称，村信息员必填")
        parser.add_argument("--password")
        parser.add_argument("--full-name", default="")

    def handle(self, *args, username, role, township, village, password, full_name, **options):
        township_obj = village_obj = None
        if role == Role.TOWNSHIP and not township:
            raise CommandError("乡镇（街道）干部需要 --township")
        if role == Role.VILLAGE and not village:
            raise CommandError("村（社区）扶贫信息员需要 --village（同名村较多时再加 --township）")
        if role in (Role.COUNTY, Role.LEADER) and (township or village):
            raise CommandError("县级用户和领导不指定 --township 或 --village")
        if township:
            township_obj = Township.objects.filter(name=township).first()
            if township_obj is None:
                raise CommandError(f"没有名为“{township}”的乡镇（街道）")
        if village:
            villages = Village.objects.filter(name=village)
            if township_obj:
                villages = villages.filter(township=township_obj)
            found = list(villages.select_related("township")[:2])
            if not found:
                raise CommandError(f"没有名为“{village}”的村（社区）")
            if len(found) > 1:
                raise CommandError(f"有多个名为“{village}”的村（社区），请用 --township 指明乡镇")
            village_obj = found[0]
            township_obj = village_obj.township
        if password:
            # the same validators as the password-change page: not too short, not common,
            # not all digits, not like the user name
            try:
                validate_password(password, user=User(username=username, full_name=full_name))
            except ValidationError as exc:
                raise CommandError("密码不符合要求：" + "；".join(exc.messages)) from None
        elif not User.objects.filter(username=username).exists():
            password = generate_password()
        try:
            user, created = user_upsert(
                username=username,
                role=role,
                township=township_obj,
                village=village_obj,
                password=password,
                full_name=full_name,
            )
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from None
        verb = "已创建" if created else "已更新"
        line = f"{verb}用户 {user.username}（{user.get_role_display()}，{user.area_label}）"
        if password:
            line += f"，密码：{password}"
        self.stdout.write(self.style.SUCCESS(line))
