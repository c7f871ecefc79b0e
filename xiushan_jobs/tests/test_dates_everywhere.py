"""One date-sanity rule for every date of the project (``fields.PlausibleDateField``):
every DateField of every project model carries it, historical tables included, so forms,
imports and the admin all refuse 0001-01-01; and the paths that used to take it (外出时间,
funding dates, task deadlines, report dates) refuse it with a message naming the date."""

import datetime
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.test import RequestFactory
from django.urls import reverse

from laborers.tests.survey_files import row, xlsx_bytes
from xiushan_jobs.lib.dates import validate_plausible_date
from xiushan_jobs.lib.fields import PlausibleDateField
from xiushan_jobs.testing import make_task, make_workshop, valid_id_number

YEAR_ONE = datetime.date(1, 1, 1)
PROJECT = Path(settings.BASE_DIR).resolve()


def project_date_fields():
    for config in apps.get_app_configs():
        if PROJECT not in Path(config.path).resolve().parents:
            continue  # Django's and third-party apps
        if ".venv" in Path(config.path).parts:
            continue
        for model in config.get_models():
            for field in model._meta.concrete_fields:
                if isinstance(field, models.DateField) and not isinstance(
                    field, models.DateTimeField
                ):
                    yield model, field


def test_every_project_date_field_carries_the_rule():
    found = list(project_date_fields())
    # thirty-odd fields and their historical copies: the walk really found them
    assert len(found) >= 50
    labels = {f"{m._meta.label}.{f.name}" for m, f in found}
    for expected in (
        "laborers.Laborer.departure_date",
        "laborers.HistoricalLaborer.departure_date",
        "workshops.WorkshopFunding.date",
        "rectification.Task.deadline",
        "rectification.ProgressReport.date",
        "dashboard.Target.deadline",
    ):
        assert expected in labels
    wrong = [
        f"{m._meta.label}.{f.name}"
        for m, f in found
        if not isinstance(f, PlausibleDateField) or validate_plausible_date not in f.validators
    ]
    assert wrong == []


@pytest.mark.parametrize("value", [YEAR_ONE, datetime.date(9999, 12, 31)])
def test_every_project_date_field_refuses_an_absurd_date(value):
    for model, field in project_date_fields():
        with pytest.raises(ValidationError, match="不合理"):
            field.clean(value, model())
    for fine in (
        datetime.date(1900, 1, 1),
        datetime.date(2020, 6, 15),
        datetime.date(2099, 12, 31),
    ):
        validate_plausible_date(fine)


@pytest.mark.django_db
def test_the_laborer_form_refuses_a_departure_in_year_one(client, officer_a, village_a1):
    from laborers.tests.test_edit import form_data
    from xiushan_jobs.testing import make_laborer

    laborer = make_laborer(village=village_a1)
    client.force_login(officer_a)
    response = client.post(
        reverse("laborers:laborer_edit", args=[laborer.pk]),
        form_data(laborer, departure_date="0001-01-01"),
    )
    assert "日期 0001-01-01 不合理" in str(response.context["form"].errors["departure_date"])
    laborer.refresh_from_db()
    assert laborer.departure_date is None


@pytest.mark.django_db
def test_the_survey_import_refuses_a_departure_in_year_one(officer_a, village_a1):
    from laborers.imports.base import run_import
    from laborers.imports.survey import SurveyImporter
    from laborers.models import Laborer

    data = xlsx_bytes([row(id_number=valid_id_number(), departure="0001-01-01")])
    report = run_import(SurveyImporter(user=officer_a), data, "s.xlsx", commit=True)
    assert any(i.column == "外出时间" and "0001-01-01 不合理" in i.message for i in report.issues)
    assert not Laborer.objects.exists()


@pytest.mark.django_db
def test_the_funding_form_refuses_a_date_in_year_one(client, officer_a, village_a1):
    from workshops.models import WorkshopFunding

    workshop = make_workshop(village_a1)
    client.force_login(officer_a)
    response = client.post(
        reverse("workshops:funding_add", args=[workshop.pk]),
        {"source": "财政涉农资金", "amount": "200000", "date": "0001-01-01"},
    )
    assert "0001-01-01 不合理" in str(response.context["form"].errors["date"])
    assert not WorkshopFunding.objects.exists()


@pytest.mark.django_db
def test_the_admin_refuses_a_task_deadline_in_year_one(county_user):
    from rectification.models import Task

    task = make_task()
    model_admin = admin.site._registry[Task]
    request = RequestFactory().get("/")
    request.user = county_user
    form_class = model_admin.get_form(request, task)
    data = {
        name: field.prepare_value(getattr(task, name, None))
        for name, field in form_class.base_fields.items()
    }
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data["deadline"] = "0001-01-01"
    form = form_class(data, instance=task)
    assert not form.is_valid()
    assert "0001-01-01 不合理" in str(form.errors["deadline"])


@pytest.mark.django_db
def test_a_progress_report_dated_year_one_is_refused(client, county_user):
    from rectification.models import ProgressReport

    task = make_task()
    client.force_login(county_user)
    response = client.post(
        reverse("rectification:report_create", args=[task.pk]),
        {"date": "0001-01-01", "text": "推进情况。"},
    )
    assert response.status_code == 200
    assert "0001-01-01 不合理" in response.content.decode()
    assert not ProgressReport.objects.exists()
