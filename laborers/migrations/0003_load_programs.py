"""The labor-transfer programs named by the plan (seed 二(五), 二(八), 二(九))."""

from django.db import migrations

PROGRAMS = [
    ("luyu", "鲁渝劳务协作", "山东省德州市", "有组织转移贫困劳动力赴山东稳定就业（目标 45 人）。"),
    ("cq-electronics", "重庆重点电子企业", "重庆市重点电子企业",
     "送工送岗，促进贫困劳动力到重庆重点电子企业就业（目标 120 人）。"),
    ("hechuan", "合川区对口帮扶", "重庆市合川区",
     "定向招聘；转移新生代劳动力到重庆主城及合川区就业（目标 50 人）。"),
    ("local", "就近就地", "县内园区、扶贫车间、山东产业合作引进企业",
     "依托园区、扶贫车间和鲁资企业帮助贫困劳动力就近就地就业（目标 250 人）。"),
]


def load(apps, schema_editor):
    Program = apps.get_model("laborers", "Program")
    for order, (code, name, partner, description) in enumerate(PROGRAMS, start=1):
        Program.objects.update_or_create(
            code=code,
            defaults={"name": name, "partner": partner, "description": description,
                      "sort_order": order},
        )


def unload(apps, schema_editor):
    apps.get_model("laborers", "Program").objects.filter(
        code__in=[code for code, *_ in PROGRAMS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("laborers", "0002_load_townships")]

    operations = [migrations.RunPython(load, unload)]
