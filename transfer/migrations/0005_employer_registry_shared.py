# The county's employer list (targets) becomes the one registry that recruitment events and
# vacancies name their employers through.

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


def link_event_employers(apps, schema_editor):
    """Every employer already entered at an event gets its registry entry, by name."""
    Employer = apps.get_model("transfer", "Employer")
    EventEmployer = apps.get_model("transfer", "EventEmployer")
    for entry in EventEmployer.objects.filter(employer__isnull=True).order_by("pk"):
        name = " ".join(entry.name.split())
        employer, _ = Employer.objects.get_or_create(
            name=name, defaults={"location": entry.location}
        )
        entry.employer = employer
        entry.save(update_fields=["employer"])


class Migration(migrations.Migration):

    dependencies = [
        ("transfer", "0004_merge_employer_list_and_dates"),
    ]

    operations = [
        migrations.AlterField(
            model_name="employer",
            name="name",
            field=models.CharField(max_length=80, unique=True, verbose_name="单位名称"),
        ),
        migrations.AlterField(
            model_name="historicalemployer",
            name="name",
            field=models.CharField(db_index=True, max_length=80, verbose_name="单位名称"),
        ),
        migrations.AddField(
            model_name="employer",
            name="location",
            field=models.CharField(blank=True, max_length=60, verbose_name="所在地"),
        ),
        migrations.AddField(
            model_name="historicalemployer",
            name="location",
            field=models.CharField(blank=True, max_length=60, verbose_name="所在地"),
        ),
        migrations.AddField(
            model_name="employer",
            name="created_at",
            field=models.DateTimeField(
                auto_now_add=True, default=django.utils.timezone.now, verbose_name="登记时间"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="historicalemployer",
            name="created_at",
            field=models.DateTimeField(
                blank=True,
                default=django.utils.timezone.now,
                editable=False,
                verbose_name="登记时间",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="eventemployer",
            name="employer",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="event_entries",
                to="transfer.employer",
                verbose_name="单位登记",
            ),
        ),
        migrations.AddField(
            model_name="historicaleventemployer",
            name="employer",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="transfer.employer",
                verbose_name="单位登记",
            ),
        ),
        migrations.RunPython(link_event_employers, migrations.RunPython.noop),
    ]
