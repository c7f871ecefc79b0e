"""An import through django-import-export in the admin keeps the cases in step, with one
sync for the whole import (none for its preview)."""

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.models import Case, CaseStatus
from laborers.models import Laborer
from laborers.resources import LaborerResource
from xiushan_jobs.lib import extensions
from xiushan_jobs.lib.clock import today
from xiushan_jobs.testing import make_laborer

pytestmark = pytest.mark.django_db


@pytest.fixture
def calls(monkeypatch):
    """Every call the listeners get, beside the real ones (the cases sync)."""
    seen = []
    listeners = [*extensions.records_changed_listeners, lambda **kw: seen.append(kw)]
    monkeypatch.setattr(extensions, "records_changed_listeners", listeners)
    return seen


def _csv_upload(laborers) -> SimpleUploadedFile:
    """The laborers as the admin exports them, surveyed today."""
    exported = LaborerResource().export(
        queryset=Laborer.objects.filter(pk__in=[x.pk for x in laborers])
    )
    column = exported.headers.index("最近调查更新日期")
    data = tablib.Dataset(headers=exported.headers)
    for row in exported:
        row = list(row)
        row[column] = f"{today():%Y-%m-%d}"
        data.append(row)
    return SimpleUploadedFile("laborers.csv", data.csv.encode("utf-8"), "text/csv")


def test_an_admin_import_that_clears_the_condition_closes_the_case(
    client, village_a1, county_user, calls
):
    from cases.services import cases_sync

    laborers = [make_laborer(village=village_a1) for _ in range(3)]  # not surveyed this quarter
    cases_sync(laborer_ids=[x.pk for x in laborers])
    assert Case.objects.filter(rule__key="not_updated").active().count() == 3
    calls.clear()
    client.force_login(county_user)
    url = reverse("admin:laborers_laborer_import")
    form = client.get(url).context["form"]
    csv_format = next(value for value, label in form.fields["format"].choices if label == "csv")
    preview = client.post(
        url, {"format": csv_format, "resource": "0", "import_file": _csv_upload(laborers)}
    )
    assert preview.status_code == 200 and not preview.context["result"].has_errors()
    assert calls == []  # the preview is rolled back and tells nobody
    assert Case.objects.filter(rule__key="not_updated").active().count() == 3

    confirm = preview.context["confirm_form"].initial
    response = client.post(reverse("admin:laborers_laborer_process_import"), confirm)
    assert response.status_code == 302

    cases = Case.objects.filter(rule__key="not_updated")
    assert cases.active().count() == 0
    assert set(cases.values_list("status", flat=True)) == {CaseStatus.CLEARED}
    assert set(cases.values_list("cleared_event", flat=True)) == {"后台导入贫困劳动力"}
    # one call for the import, naming every row's laborer: not one per row
    assert len(calls) == 1
    assert set(calls[0]["laborer_ids"]) == {x.pk for x in laborers}
