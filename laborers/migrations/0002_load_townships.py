"""The county's 27 town-level units (fixtures/xiushan_townships.csv), in the official order.

隘口镇 is the county's municipal deep-poverty town (市级深度贫困镇).
"""

from django.db import migrations

TOWNSHIPS = [
    ("中和街道", "街道"),
    ("乌杨街道", "街道"),
    ("平凯街道", "街道"),
    ("官庄街道", "街道"),
    ("清溪场镇", "镇"),
    ("隘口镇", "镇"),
    ("溶溪镇", "镇"),
    ("龙池镇", "镇"),
    ("石堤镇", "镇"),
    ("峨溶镇", "镇"),
    ("洪安镇", "镇"),
    ("雅江镇", "镇"),
    ("石耶镇", "镇"),
    ("梅江镇", "镇"),
    ("兰桥镇", "镇"),
    ("膏田镇", "镇"),
    ("溪口镇", "镇"),
    ("妙泉镇", "镇"),
    ("宋农镇", "镇"),
    ("里仁镇", "镇"),
    ("钟灵镇", "镇"),
    ("孝溪乡", "乡"),
    ("海洋乡", "乡"),
    ("大溪乡", "乡"),
    ("涌洞乡", "乡"),
    ("中平乡", "乡"),
    ("岑溪乡", "乡"),
]
DEEP_POVERTY_TOWNS = {"隘口镇"}


def load(apps, schema_editor):
    Township = apps.get_model("laborers", "Township")
    for order, (name, kind) in enumerate(TOWNSHIPS, start=1):
        Township.objects.update_or_create(
            name=name,
            defaults={
                "kind": kind,
                "sort_order": order,
                "is_deep_poverty_town": name in DEEP_POVERTY_TOWNS,
            },
        )


def unload(apps, schema_editor):
    Township = apps.get_model("laborers", "Township")
    Township.objects.filter(name__in=[name for name, _kind in TOWNSHIPS]).delete()


class Migration(migrations.Migration):
    dependencies = [("laborers", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
