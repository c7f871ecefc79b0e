"""Blank cells never erase: an existing person's blank cell keeps the stored value; only a
cell reading 清空 clears it, counted apart from changes and acknowledged at confirm."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from laborers.imports import services
from laborers.imports.base import run_import
from laborers.imports.survey import SurveyImporter
from laborers.models import ImportBatch
from laborers.tests.survey_files import HEADER, row, xlsx_bytes
from xiushan_jobs.testing import make_household, make_laborer, valid_id_number

pytestmark = pytest.mark.django_db
WIDE = [*HEADER, "原务工地点", "备注"]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.XJ_IMPORT_INLINE = True


def person_row(person, *, phone="", place="", note="", **kwargs):
    cells = row(
        id_number=person.id_number,
        household=person.household.number,
        phone=phone,
        intention="",
        training="",
        ability="",
        status="",
        **kwargs,
    )
    return [*cells, place, note]


@pytest.fixture
def person(village_a1):
    household = make_household(village_a1, relocated=True)
    return make_laborer(
        household,
        name="张三",
        phone="13800138000",
        prior_work_place="浙江宁波",
        note="长期在外",
        employment_intention="市外就业",
        wants_training=True,
        training_trade="苗绣",
    )


def check(user, data):
    return run_import(SurveyImporter(user=user), data, "s.xlsx", commit=False)


def apply(user, data):
    return run_import(SurveyImporter(user=user), data, "s.xlsx", commit=True)


def test_blank_cells_keep_the_stored_values(officer_a, person):
    data = xlsx_bytes([person_row(person)], header=WIDE)
    report = apply(officer_a, data)
    assert (report.updated, report.unchanged, report.cleared, report.error_rows) == (0, 1, 0, 0)
    person.refresh_from_db()
    assert person.phone == "13800138000" and person.prior_work_place == "浙江宁波"
    assert person.note == "长期在外" and person.employment_intention == "市外就业"
    assert person.wants_training and person.training_trade == "苗绣"
    assert person.household.relocated is True


def test_a_member_row_with_blank_household_cells_does_not_disagree_with_the_head(
    officer_a, village_a1
):
    head, member = valid_id_number(), valid_id_number()
    data = xlsx_bytes(
        [
            row(id_number=head, household="H9", status="已脱贫", year="2019"),
            row(id_number=member, household="H9", relation="之子", status="", year=""),
        ]
    )
    report = apply(officer_a, data)
    assert (report.created, report.error_rows) == (2, 0)


def test_clear_mark_clears_and_is_counted_apart_from_changes(officer_a, person):
    data = xlsx_bytes(
        [person_row(person, phone="清空", place="清空", note="回乡务农")], header=WIDE
    )
    report = check(officer_a, data)
    assert (report.updated, report.cleared) == (1, 2)
    changes = {c.label: (c.old, c.new, c.cleared) for c in report.changes[0].changes}
    assert changes == {
        "联系电话": ("13800138000", "（空）", True),
        "原务工地点": ("浙江宁波", "（空）", True),
        "备注": ("长期在外", "回乡务农", False),
    }
    apply(officer_a, data)
    person.refresh_from_db()
    assert (person.phone, person.prior_work_place, person.note) == ("", "", "回乡务农")


def test_clearing_an_already_empty_value_is_not_counted(officer_a, village_a1):
    person = make_laborer(village=village_a1, phone="", prior_work_place="")
    report = check(officer_a, xlsx_bytes([person_row(person, phone="清空")], header=WIDE))
    assert (report.cleared, report.updated, report.unchanged) == (0, 0, 1)


def test_fields_that_always_hold_a_value_cannot_be_cleared(officer_a, person):
    data = xlsx_bytes(
        [
            [
                *row(id_number=person.id_number, household=person.household.number, ability="清空"),
                "",
                "",
            ]
        ],
        header=WIDE,
    )
    report = check(officer_a, data)
    assert report.error_rows == 1
    assert "劳动能力不能清空" in report.issues[0].message


def test_the_preview_counts_clears_and_confirm_needs_them_acknowledged(client, officer_a, person):
    data = xlsx_bytes([person_row(person, phone="清空", place="清空")], header=WIDE)
    client.force_login(officer_a)
    client.post(
        reverse("imports:upload"), {"file": SimpleUploadedFile("s.xlsx", data), "kind": "survey"}
    )
    batch = ImportBatch.objects.get()
    html = client.get(reverse("imports:batch", args=[batch.pk])).content.decode()
    assert 'id="cleared-count"' in html and "项已有数据将被清空" in html
    assert "2 项已有数据将被清空" in html and 'name="acknowledge_clears"' in html

    response = client.post(reverse("imports:confirm", args=[batch.pk]), follow=True)
    assert "2 项已有数据将被清空" in response.content.decode()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEW
    person.refresh_from_db()
    assert person.phone == "13800138000"

    client.post(reverse("imports:confirm", args=[batch.pk]), {"acknowledge_clears": "1"})
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.APPLIED
    person.refresh_from_db()
    assert (person.phone, person.prior_work_place) == ("", "")


def test_a_batch_without_clears_confirms_as_before(officer_a, person):
    data = xlsx_bytes([person_row(person, note="回乡")], header=WIDE)
    batch = services.import_batch_create(
        user=officer_a, kind="survey", file_name="s.xlsx", data=data
    )
    batch = services.import_batch_confirm(batch=batch, user=officer_a)
    assert batch.status == ImportBatch.Status.APPLIED


def test_the_template_explains_the_mark_and_offers_it_in_the_lists(client, officer_a):
    client.force_login(officer_a)
    content = client.get(reverse("imports:template", args=["survey"])).content
    book = openpyxl.load_workbook(io.BytesIO(content))
    notes = "\n".join(str(c.value) for r in book["填表说明"].iter_rows() for c in r if c.value)
    assert "空白单元格保持系统中的原值" in notes and "“清空”" in notes
    lists = book["选项"]
    columns = {col[0].value: [c.value for c in col[1:] if c.value] for col in lists.iter_cols()}
    assert columns["就业意愿"][-1] == "清空"
    assert "清空" not in columns["劳动能力"]  # always holds a value
