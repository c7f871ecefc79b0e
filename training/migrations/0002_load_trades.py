"""The trades the plan names (seed 二(三), 二(八), 二(九)); the bureau edits the list in the
admin afterwards."""

from django.db import migrations

TRADES = [
    ("乡村旅游", "现有特色工种（二(三)）。"),
    ("苗绣", "现有特色工种（二(三)）；鲁渝协作培训工种（二(八)）。"),
    ("银杏种植", "现有特色工种（二(三)）。"),
    ("缝纫工", "增设特色工种（二(三)）。"),
    ("粘条工", "增设特色工种（二(三)）。"),
    ("土家织锦", "增设特色工种（二(三)）。"),
    ("叉车操作", "鲁渝协作培训工种（二(八)）。"),
    ("中式烹调师", "鲁渝协作培训工种（二(八)）。"),
    ("母婴护理", "鲁渝协作培训工种（二(八)）。"),
    ("农村实用技术", "合川区对口帮扶：围绕农业主导产业、特色产业和重点项目（二(九)）。"),
    ("创业培训", "创业培训+，含组织贫困劳动力赴山东德州开展的创业培训（二(八)）。"),
]


def load(apps, schema_editor):
    Trade = apps.get_model("training", "Trade")
    for order, (name, description) in enumerate(TRADES, start=1):
        Trade.objects.update_or_create(
            name=name, defaults={"description": description, "sort_order": order}
        )


def unload(apps, schema_editor):
    apps.get_model("training", "Trade").objects.filter(
        name__in=[name for name, _ in TRADES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("training", "0001_training_and_entrepreneurship")]

    operations = [migrations.RunPython(load, unload)]
