from django.db import migrations

from survey_sync.columns import DEFAULT_COLUMNS


def create(apps, schema_editor):
    SyncProfile = apps.get_model("survey_sync", "SyncProfile")
    SyncProfile.objects.get_or_create(
        name="重庆市贫困劳动力就业情况和需求调查系统（默认）",
        defaults={
            "columns": DEFAULT_COLUMNS,
            "is_default": True,
            "note": "按方案二（一）所列调查项目及身份、家庭信息列；市级模板调整时在后台修改列名、顺序和代码表。",
        },
    )


def remove(apps, schema_editor):
    apps.get_model("survey_sync", "SyncProfile").objects.filter(is_default=True).delete()


class Migration(migrations.Migration):
    dependencies = [("survey_sync", "0001_sync_profiles_and_runs")]

    operations = [migrations.RunPython(create, remove)]
