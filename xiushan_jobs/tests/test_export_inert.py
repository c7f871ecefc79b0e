"""Every workbook the product writes holds user text as inert text (docs/exports-and-text.md).

The hostile values are stored in every free-text field of every record a sheet reads, then
every download is fetched and opened with openpyxl: no cell may be a formula, and the
values come back exactly as stored.
"""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import reverse

from laborers.choices import EmploymentIntention
from laborers.models import ImportBatch, Laborer
from laborers.tests.survey_files import row, xlsx_bytes
from survey_sync.models import SyncProfile, SyncRun
from training.models import StationOccupancy
from transfer.services import hire_record
from workshops.services import placement_start
from xiushan_jobs.lib.fields import IdNumberField, MobilePhoneField
from xiushan_jobs.lib.xlsx import put
from xiushan_jobs.testing import (
    household_number,
    make_enrollment,
    make_episode,
    make_funding,
    make_household,
    make_laborer,
    make_loan,
    make_mentor,
    make_post,
    make_recruitment_event,
    make_report,
    make_service,
    make_station,
    make_task,
    make_training_class,
    make_workshop,
    valid_id_number,
)

pytestmark = pytest.mark.django_db

HOSTILE = ['=HYPERLINK("http://x","y")', "+1", "-1+2", "@SUM(A1)", "\tx", "\rx"]

PROJECT_APPS = {
    "laborers",
    "workshops",
    "training",
    "transfer",
    "rectification",
    "dashboard",
    "survey_sync",
}
#: text that is not typed by users, or that code matches on
NOT_USER_TEXT = {
    "sha256",
    "content_type",
    "extension",
    "stage",
    "file_name",
    "original_name",
    "status",
    "message",
    "code",
}


def _text_fields(model):
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField)
        and not isinstance(f, IdNumberField | MobilePhoneField | models.SlugField)
        and not f.choices
        and f.name not in NOT_USER_TEXT
    ]


def poison_every_text_field(payload: str) -> int:
    """Store ``payload`` (with the row's pk where the field is unique) in every filled
    free-text field of every row of the project's models; the number of values written."""
    written = 0
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS or model.__name__.startswith("Historical"):
            continue
        fields = _text_fields(model)
        if not fields:
            continue
        for stored in model.objects.values("pk", *(f.name for f in fields)):
            pk, values = stored["pk"], {}
            for field in fields:
                if not stored[field.name]:  # blank stays blank (rules tie some to others)
                    continue
                suffix = str(pk) if field.unique else ""
                room = (field.max_length or 1000) - len(suffix)
                values[field.name] = payload[:room] + suffix
            model.objects.filter(pk=pk).update(**values)
            written += len(values)
    return written


@pytest.fixture
def everything(county_user, village_a1, township_a):
    """One of each record a download reads, in township A."""
    household = make_household(village_a1)
    laborer = make_laborer(
        household,
        phone="13800138000",
        labor_ability="普通劳动力",
        employment_intention=EmploymentIntention.IN_COUNTY,
        last_surveyed_on=datetime.date(2020, 3, 20),
    )
    make_episode(laborer, employer="秀山物流园区", place="秀山县", end=datetime.date(2020, 4, 30))
    make_service(laborer, note="电话回访")
    workshop = make_workshop(village_a1)
    make_funding(workshop)
    post = make_post(village_a1)
    placement_start(
        site=workshop, laborer=laborer, start_date=datetime.date(2020, 5, 1), by=county_user
    )
    second = make_laborer(village=village_a1, labor_ability="普通劳动力")
    placement_start(site=post, laborer=second, start_date=datetime.date(2020, 5, 1), by=county_user)
    klass = make_training_class(township_a)
    make_enrollment(klass, laborer)
    make_enrollment(klass)
    make_mentor()
    make_loan(make_laborer(village=village_a1))
    graduate = make_laborer(village=village_a1, is_college_graduate=True, graduation_year=2019)
    StationOccupancy.objects.create(
        station=make_station(),
        laborer=graduate,
        business="网店",
        start_date=datetime.date(2020, 3, 1),
    )
    event = make_recruitment_event(township_a, employers=[("秀山物流园区", 5, 0)])
    hired = make_laborer(village=village_a1, labor_ability="普通劳动力")
    hire_record(
        event=event,
        employer=event.employers.get(),
        laborer=hired,
        kind="县内务工",
        start_date=datetime.date(2020, 5, 12),
        by=county_user,
    )
    make_report(make_task(), county_user)
    return township_a


def _downloads(township):
    yield reverse("laborers:laborer_export"), {}
    yield reverse("laborers:laborer_export"), {"full": "1"}
    yield reverse("imports:template", args=["survey"]), {}
    yield reverse("workshops:workshop_export"), {}
    yield reverse("workshops:post_export"), {}
    yield reverse("training:class_export"), {}
    yield reverse("training:subsidy_export"), {}
    yield reverse("training:loan_export"), {}
    yield reverse("training:station_export"), {}
    yield reverse("transfer:event_export"), {}
    yield reverse("rectification:ledger"), {}
    yield reverse("dashboard:county_report"), {}
    yield reverse("dashboard:township_report", args=[township.pk]), {}


ADMIN_EXPORTS = [
    "laborers_township",
    "laborers_village",
    "laborers_household",
    "laborers_laborer",
    "laborers_employmentepisode",
    "laborers_service",
    "training_trainingclass",
    "training_enrollment",
    "training_mentor",
    "training_businessloan",
    "training_workstation",
    "training_stationoccupancy",
    "transfer_recruitmentevent",
    "workshops_workshop",
    "workshops_workshopfunding",
    "workshops_post",
]


def formula_cells(content: bytes) -> list[str]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [
        f"{sheet.title}!{cell.coordinate}={cell.value!r}"
        for sheet in book.worksheets
        for line in sheet.iter_rows()
        for cell in line
        if cell.data_type == "f"
    ]


def text_values(content: bytes) -> set:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return {
        cell.value
        for sheet in book.worksheets
        for line in sheet.iter_rows()
        for cell in line
        if isinstance(cell.value, str)
    }


@pytest.mark.parametrize("payload", HOSTILE)
def test_every_download_writes_hostile_text_as_text(client, county_user, everything, payload):
    assert poison_every_text_field(payload) > 100
    client.force_login(county_user)
    for url, params in _downloads(everything):
        response = client.get(url, params)
        assert response.status_code == 200, url
        assert formula_cells(response.content) == [], url
    # the value itself survives, unaltered (a name is data, not to be "escaped")
    ledger = client.get(reverse("laborers:laborer_export")).content
    assert payload in text_values(ledger)
    book = openpyxl.load_workbook(io.BytesIO(ledger))
    cell = next(c for line in book.active.iter_rows() for c in line if c.value == payload)
    assert cell.data_type == "s" and cell.quotePrefix


def test_every_download_survives_stored_control_characters(client, county_user, everything):
    """Rows stored before the input rule (or straight into the database) still export:
    the characters an xlsx file cannot hold are dropped, with the bidi overrides."""
    poison_every_text_field("=甲\x07\x1b\u202e乙")
    client.force_login(county_user)
    for url, params in _downloads(everything):
        response = client.get(url, params)
        assert response.status_code == 200, url
        assert formula_cells(response.content) == [], url
    assert "=甲乙" in text_values(client.get(reverse("laborers:laborer_export")).content)


def test_sync_file_writes_hostile_text_as_text(client, county_user, everything):
    poison_every_text_field(HOSTILE[0])
    client.force_login(county_user)
    profile = SyncProfile.objects.get(is_default=True)
    assert client.post("/sync/new/", {"mode": "full", "profile": profile.pk}).status_code == 302
    response = client.get(f"/sync/{SyncRun.objects.get().pk}/file/")
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert formula_cells(content) == []
    assert HOSTILE[0] in text_values(content)


@pytest.mark.parametrize("payload", [HOSTILE[0], "-1+2"])
def test_admin_exports_write_hostile_text_as_text(client, county_user, everything, payload):
    poison_every_text_field(payload)
    client.force_login(county_user)
    for name in ADMIN_EXPORTS:
        url = reverse(f"admin:{name}_export")
        form = client.get(url).context["form"]
        fields = {
            key: "on" for key in form.fields if key not in ("format", "resource", "export_items")
        }
        response = client.post(url, {"format": "0", "resource": "0", **fields})
        assert response.status_code == 200, name
        assert response["Content-Type"].startswith("application/vnd.openxmlformats"), name
        assert formula_cells(response.content) == [], name
        assert any(v.startswith(payload[:3]) for v in text_values(response.content)), name
    # numbers stay numbers
    book = openpyxl.load_workbook(
        io.BytesIO(
            client.post(
                reverse("admin:workshops_post_export"),
                {"format": "0", "resource": "0", "postresource_positions": "on"},
            ).content
        )
    )
    assert [c.value for c in book.active["A"]][1:] == [2]


@pytest.fixture
def _inline_imports(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.XJ_IMPORT_INLINE = True


def test_a_formula_typed_as_a_name_in_a_survey_sheet_lands_as_text(
    client, officer_a, village_a1, _inline_imports
):
    name = '=HYPERLINK("http://x","y")'
    data = xlsx_bytes(
        [
            row(id_number=valid_id_number(), household=household_number(1), name="甲"),
            row(
                id_number=valid_id_number(),
                household=household_number(2),
                name="@SUM(A1)",
                phone="123",
            ),
        ]
    )
    # a text cell that starts with "=" (typed after an apostrophe, or pasted), as a village
    # sheet holds it
    book = openpyxl.load_workbook(io.BytesIO(data))
    put(next(c for line in book.active.iter_rows() for c in line if c.value == "甲"), name)
    out = io.BytesIO()
    book.save(out)
    data = out.getvalue()
    client.force_login(officer_a)
    client.post(
        reverse("imports:upload"), {"file": SimpleUploadedFile("s.xlsx", data), "kind": "survey"}
    )
    batch = ImportBatch.objects.get()
    annotated = client.get(reverse("imports:annotated", args=[batch.pk]))
    assert annotated.status_code == 200
    assert formula_cells(annotated.content) == []
    assert "@SUM(A1)" in text_values(annotated.content)
    client.post(reverse("imports:confirm", args=[batch.pk]))
    assert Laborer.objects.get().name == name.replace(" ", "")
    ledger = client.get(reverse("laborers:laborer_export")).content
    assert formula_cells(ledger) == []
    assert name.replace(" ", "") in text_values(ledger)
