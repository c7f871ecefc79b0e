"""Fixing import errors on a phone: each error names the person, and an error row opens as
a small form of its cells, checked again at once. Only the uploader fixes their batch."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from laborers.imports import services
from laborers.models import ImportBatch, Laborer
from laborers.tests.survey_files import HEADER, row, xlsx_bytes
from xiushan_jobs.lib.idnumber import mask_id_number
from xiushan_jobs.lib.roles import Role
from xiushan_jobs.testing import make_user, valid_id_number

pytestmark = pytest.mark.django_db
PHONE = HEADER.index("联系电话")
ID = HEADER.index("身份证号码")
ABILITY = HEADER.index("劳动能力")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.XJ_IMPORT_INLINE = True


@pytest.fixture
def ids():
    return [valid_id_number(), valid_id_number()]


@pytest.fixture
def batch(client, officer_a, village_a1, ids):
    """Row 2 is fine; row 3 (李四) has a bad phone and a bad 劳动能力."""
    data = xlsx_bytes(
        [
            row(id_number=ids[0], household="H1", name="张三"),
            row(id_number=ids[1], household="H2", name="李四", phone="123", ability="很强"),
        ]
    )
    client.force_login(officer_a)
    client.post(
        reverse("imports:upload"), {"file": SimpleUploadedFile("s.xlsx", data), "kind": "survey"}
    )
    found = ImportBatch.objects.get()
    assert (found.status, found.created, found.errors) == (ImportBatch.Status.PREVIEW, 1, 1)
    return found


def fix_url(batch, number=3):
    return reverse("imports:fix_row", args=[batch.pk, number])


def test_each_error_names_the_person_with_a_masked_id(client, batch, ids):
    html = client.get(reverse("imports:batch", args=[batch.pk])).content.decode()
    assert f"李四 {mask_id_number(ids[1])}" in html
    assert ids[1] not in html
    assert fix_url(batch) in html and "修改本行" in html
    report = services.load_report(batch)
    assert {i.person for i in report.issues} == {f"李四 {mask_id_number(ids[1])}"}


def test_the_row_opens_as_a_form_with_its_cells_and_problems(client, batch, ids):
    response = client.get(fix_url(batch))
    assert response.status_code == 200
    html = response.content.decode()
    assert "修改第 3 行" in html and "李四" in html
    assert f'name="c{ABILITY}"' in html and 'value="很强"' in html
    assert "劳动能力“很强”不是可选项" in html and "手机号码“123”格式不正确" in html
    # personal numbers stay masked: the field is empty, the masked value a hint
    assert ids[1] not in html and mask_id_number(ids[1]) in html
    assert 'value="123"' not in html


def test_a_correction_is_checked_at_once_and_then_imported(client, batch, officer_a, ids):
    response = client.post(fix_url(batch), {f"c{ABILITY}": "普通劳动力", f"c{PHONE}": "123"})
    # the phone is still wrong: back to the form, with only that problem left
    assert response.status_code == 302 and response.url == fix_url(batch)
    html = client.get(response.url).content.decode()
    assert "手机号码“123”格式不正确" in html and "不是可选项" not in html
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEW and batch.errors == 1

    response = client.post(
        fix_url(batch), {f"c{ABILITY}": "普通劳动力", f"c{PHONE}": "13912345678"}
    )
    assert response.status_code == 302 and "#errors" in response.url
    batch.refresh_from_db()
    assert (batch.status, batch.created, batch.errors) == (ImportBatch.Status.PREVIEW, 2, 0)
    assert batch.corrections == {"3": {str(ABILITY): "普通劳动力", str(PHONE): "13912345678"}}
    assert Laborer.objects.count() == 0  # still only a preview
    html = client.get(reverse("imports:batch", args=[batch.pk])).content.decode()
    assert "在预览中修改过 1 行" in html and "第 3 行" in html

    services.import_batch_confirm(batch=batch, user=officer_a)
    fixed = Laborer.objects.get(id_number=ids[1])
    assert (fixed.phone, fixed.labor_ability) == ("13912345678", "普通劳动力")


def test_an_id_number_is_only_replaced_when_typed(client, batch, ids):
    client.post(fix_url(batch), {f"c{ID}": "", f"c{ABILITY}": "普通劳动力", f"c{PHONE}": ""})
    batch.refresh_from_db()
    assert str(ID) not in batch.corrections["3"]  # the ID cell stays as uploaded


def test_the_annotated_workbook_shows_the_corrected_cells(client, batch):
    client.post(fix_url(batch), {f"c{ABILITY}": "普通劳动力", f"c{PHONE}": "123"})
    content = client.get(reverse("imports:annotated", args=[batch.pk])).content
    sheet = openpyxl.load_workbook(io.BytesIO(content))["待修改"]
    values = [c.value for c in sheet[2]]
    assert values[ABILITY] == "普通劳动力" and values[PHONE] == "123"


def test_a_row_without_errors_is_not_offered(client, batch):
    response = client.get(fix_url(batch, 2))
    assert response.status_code == 302
    assert response.url == reverse("imports:batch", args=[batch.pk])
    batch.refresh_from_db()
    assert batch.corrections == {}


def test_only_the_uploader_fixes_their_batch(client, batch, officer_b, leader, township_a):
    colleague = make_user("colleague_a", Role.TOWNSHIP, township=township_a)
    payload = {f"c{ABILITY}": "普通劳动力", f"c{PHONE}": "13912345678"}
    client.force_login(colleague)  # same township, not the uploader
    assert client.get(fix_url(batch)).status_code == 403
    assert client.post(fix_url(batch), payload).status_code == 403
    client.force_login(officer_b)  # another township: as if it did not exist
    assert client.get(fix_url(batch)).status_code == 404
    assert client.post(fix_url(batch), payload).status_code == 404
    client.force_login(leader)
    assert client.post(fix_url(batch), payload).status_code == 403
    batch.refresh_from_db()
    assert batch.corrections == {} and batch.errors == 1


def test_a_confirmed_batch_can_no_longer_be_fixed(client, batch, officer_a):
    services.import_batch_confirm(batch=batch, user=officer_a)
    response = client.post(fix_url(batch), {f"c{ABILITY}": "普通劳动力"})
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.APPLIED and batch.corrections == {}


def test_wrong_method(client, batch):
    assert client.put(fix_url(batch)).status_code == 405


def test_in_the_background_a_correction_is_checked_in_the_request(client, batch, settings):
    """Without the inline setting (the worker runs), a small file is still checked again
    in the request that corrects it: the officer sees the result at once."""
    settings.XJ_IMPORT_INLINE = False
    client.post(fix_url(batch), {f"c{ABILITY}": "普通劳动力", f"c{PHONE}": "13912345678"})
    batch.refresh_from_db()
    assert (batch.status, batch.errors, batch.created) == (ImportBatch.Status.PREVIEW, 0, 2)


def test_the_form_page_takes_a_fixed_number_of_queries(
    client, batch, django_assert_max_num_queries
):
    # session + user, the batch, then the page's own rendering (messages, navigation);
    # the row's cells come from the stored file and report, never a query per cell
    with django_assert_max_num_queries(8):
        assert client.get(fix_url(batch)).status_code == 200
