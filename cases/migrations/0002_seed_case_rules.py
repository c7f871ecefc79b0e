"""The eight warning rules with their first handling terms (限时办结 in days, then days
overdue before the county is told); the county edits them in the admin."""

from django.db import migrations

RULES = [
    # key, name, due days, escalate after days
    ("zero_employment", "零就业家庭", 15, 7),
    ("relocated_unemployed", "搬迁户劳动力有意愿但未就业", 15, 7),
    ("graduate_idle", "贫困高校毕业生未就业也未在就业准备", 15, 7),
    ("unplaced", "有就业意愿、未就业且未安置公益性岗位", 15, 7),
    ("few_services", "有意愿但本年服务不足 3 次", 30, 15),
    ("not_updated", "本季度未调查更新", 30, 15),
    ("training_gap", "有培训需求、今年尚未参加培训", 60, 30),
    ("entrepreneurs_unsupported", "有创业意愿、尚未获得贷款或指导", 60, 30),
]


def seed(apps, schema_editor):
    CaseRule = apps.get_model("cases", "CaseRule")
    for order, (key, name, due, escalate) in enumerate(RULES, start=1):
        CaseRule.objects.update_or_create(
            key=key,
            defaults={"name": name, "due_days": due, "escalate_after_days": escalate, "order": order},
        )


def unseed(apps, schema_editor):
    apps.get_model("cases", "CaseRule").objects.filter(key__in=[r[0] for r in RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_warning_cases")]

    operations = [migrations.RunPython(seed, unseed)]
