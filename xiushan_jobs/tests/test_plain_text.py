"""Control, zero-width and bidi-override characters: refused at input in one place (the
models' ``clean_fields``, through ``PlainTextMixin``), dropped on the way out so rows
stored before the rule still export."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import reverse

from laborers.imports import services
from laborers.models import ImportBatch
from laborers.tests.survey_files import row, xlsx_bytes
from laborers.tests.test_edit import edit_url, form_data
from workshops.models import Workshop
from xiushan_jobs.lib.fields import PlainTextMixin
from xiushan_jobs.lib.text import forbidden_character, strip_invisible
from xiushan_jobs.testing import household_number, make_laborer, make_workshop, valid_id_number

pytestmark = pytest.mark.django_db

BEL, ESC, RLO = "\x07", "\x1b", "\u202e"
HOSTILE_NAME = f"张{BEL}三{ESC}{RLO}gpj.exe"

#: models whose text the system writes itself, never a person
SYSTEM_WRITTEN = {
    "laborers.ImportBatch",
    "audit.AccessLog",
    "dashboard.MetricSnapshot",
    "rectification.Evidence",
    "survey_sync.SyncRun",
}
PROJECT_APPS = {
    "accounts",
    "audit",
    "bulletins",
    "dashboard",
    "laborers",
    "rectification",
    "survey_sync",
    "training",
    "transfer",
    "workshops",
}


@pytest.fixture
def laborer(village_a1):
    return make_laborer(village=village_a1, name="甲一")


def test_every_model_people_type_text_into_shares_the_rule():
    missing = [
        model._meta.label
        for model in apps.get_models()
        if model._meta.app_label in PROJECT_APPS
        and not model.__name__.startswith("Historical")
        and model._meta.label not in SYSTEM_WRITTEN
        and any(
            isinstance(f, models.CharField | models.TextField) and f.editable
            for f in model._meta.concrete_fields
        )
        and not issubclass(model, PlainTextMixin)
    ]
    assert missing == []


@pytest.mark.parametrize(
    ("char", "described"),
    [
        (BEL, "U+0007（响铃控制符）"),
        (ESC, "U+001B（转义控制符）"),
        ("\x85", "U+0085（控制字符）"),
        (RLO, "U+202E（从右至左覆盖）"),
        ("\u200b", "U+200B（零宽空格）"),
        ("\u2066", "U+2066（从左至右隔离）"),
        ("\ufeff", "U+FEFF（零宽不换行空格（BOM））"),
    ],
)
def test_forbidden_characters_are_named(char, described):
    assert forbidden_character(f"a{char}b") == described
    assert forbidden_character(f"a{char}b", multiline=True) == described
    assert strip_invisible(f"a{char}b") == "ab"


def test_line_breaks_and_tabs_only_in_multiline_text():
    assert forbidden_character("一\n二\t三", multiline=True) is None
    assert forbidden_character("一\n二") == "U+000A（换行）"
    assert strip_invisible("一\n二\t三") == "一\n二\t三"
    assert forbidden_character("张三 李四") is None


def test_the_laborer_form_refuses_a_name_with_controls(client, laborer, officer_a):
    client.force_login(officer_a)
    response = client.post(edit_url(laborer), form_data(laborer, name=HOSTILE_NAME))
    assert response.status_code == 200
    errors = response.context["form"].errors["name"]
    assert errors == [
        "“姓名”含有不允许的字符 U+0007（响铃控制符）（多为从网页或聊天软件复制时带入的不可见"
        "字符）：请删除后重新填写。"
    ]
    laborer.refresh_from_db()
    assert laborer.name == "甲一"


def test_a_multiline_note_is_accepted(client, laborer, officer_a):
    client.force_login(officer_a)
    response = client.post(edit_url(laborer), form_data(laborer, note="第一行\r\n第二行"))
    assert response.status_code == 302
    laborer.refresh_from_db()
    assert "第二行" in laborer.note


def test_the_admin_refuses_a_workshop_name_with_a_bidi_override(client, county_user, village_a1):
    workshop = make_workshop(village_a1, name="苗绣车间")
    client.force_login(county_user)
    url = reverse("admin:workshops_workshop_change", args=[workshop.pk])
    form = client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in (
            (field.html_name, field.value()) for field in form if field.value() is not None
        )
        if not isinstance(value, list | tuple)
    }
    data["name"] = f"苗绣{RLO}间车"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "U+202E（从右至左覆盖）" in str(response.context["adminform"].form.errors["name"])
    assert Workshop.objects.get(pk=workshop.pk).name == "苗绣车间"


def test_the_model_rule_names_the_field_and_keeps_other_errors(village_a1):
    laborer = make_laborer(village=village_a1)
    laborer.prior_employer = f"秀山{ESC}物流"
    laborer.relationship = "不存在"
    with pytest.raises(ValidationError) as raised:
        laborer.full_clean()
    errors = raised.value.message_dict
    assert "原务工企业" in errors["prior_employer"][0] and "U+001B" in errors["prior_employer"][0]
    assert "relationship" in errors


def test_the_survey_import_refuses_the_row_and_says_why(client, officer_a, village_a1, settings):
    settings.XJ_IMPORT_INLINE = True
    data = xlsx_bytes(
        [
            row(id_number=valid_id_number(), household=household_number(1), name=f"张{RLO}三"),
            row(id_number=valid_id_number(), household=household_number(2), name="李四"),
            row(id_number=valid_id_number(), household="5002410000\u20660000003", name="王五"),
        ]
    )
    client.force_login(officer_a)
    client.post(
        reverse("imports:upload"), {"file": SimpleUploadedFile("s.xlsx", data), "kind": "survey"}
    )
    batch = ImportBatch.objects.get()
    assert (batch.created, batch.errors) == (1, 2)
    name, number = sorted(services.load_report(batch).issues, key=lambda i: i.row)
    assert name.column == "姓名" and "U+202E（从右至左覆盖）" in name.message
    assert number.column == "户编号" and "“户编号”含有不允许的字符 U+2066" in number.message
    annotated = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("imports:annotated", args=[batch.pk])).content)
    )
    note = annotated["待修改"].cell(row=2, column=annotated["待修改"].max_column).value
    assert "U+202E" in note and RLO not in note


@pytest.mark.parametrize("who", ["officer_a", "county_user"])
@pytest.mark.parametrize("full", [False, True])
def test_ledgers_survive_rows_stored_before_the_rule(client, request, village_a1, who, full):
    make_laborer(village=village_a1, name=HOSTILE_NAME, note=f"备注{BEL}\n第二行")
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("laborers:laborer_export"), {"full": "1"} if full else {})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = {c.value for line in sheet.iter_rows() for c in line if isinstance(c.value, str)}
    assert "张三gpj.exe" in values
    assert "备注\n第二行" in values


def test_plain_forms_whose_text_reaches_a_model_share_the_rule():
    """Forms that are not model forms hand their text to a service: their text fields are
    held to the same rule (line breaks allowed in text areas)."""
    from rectification.forms import ReportForm, RequiredReasonForm
    from workshops.forms import PlacementEndForm

    report = ReportForm(data={"date": "2020-06-01", "text": f"已完成{RLO}整改"})
    assert "“进展情况”含有不允许的字符 U+202E" in report.errors["text"][0]
    assert ReportForm(data={"date": "2020-06-01", "text": "第一条\r\n第二条"}).is_valid()
    reason = RequiredReasonForm(data={"reason": f"理由{BEL}"})
    assert "“理由”含有不允许的字符 U+0007" in reason.errors["reason"][0]
    ended = PlacementEndForm(data={"end_date": "2020-06-01", "note": "合同期满\n"})
    assert ended.is_valid()  # a trailing line break is stripped like any whitespace
    ended = PlacementEndForm(data={"end_date": "2020-06-01", "note": "合同\n期满"})
    assert "“离岗原因”含有不允许的字符 U+000A（换行）" in ended.errors["note"][0]
