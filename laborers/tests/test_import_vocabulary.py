"""The survey sheets' own vocabulary: 就业意愿 answered 有/无 or 是/否, 培训需求 answered
with the trade wanted, 创业需求/创业意愿 with the business wanted, read as the county
means them, on a realistic village sheet."""

import io
import random

import openpyxl
import pytest
from django.urls import reverse

from laborers.choices import EmploymentIntention
from laborers.imports import services
from laborers.imports.base import run_import
from laborers.imports.survey import SurveyImporter
from laborers.models import ImportBatch, Laborer
from xiushan_jobs.testing import make_laborer, valid_id_number

pytestmark = pytest.mark.django_db

HEADER = [
    "序号",
    "乡镇",
    "村",
    "户号",
    "姓名",
    "身份证号码",
    "与户主关系",
    "联系电话",
    "劳动能力",
    "就业意愿",
    "培训需求",
    "创业意愿",
    "外出时间",
    "备注",
]
INTENTIONS = ["有", "无", "是", "否", "县内", "市外", "均可", "有", "是", ""]
TRAININGS = [
    "叉车操作",
    "苗绣",
    "中式烹调师",
    "无",
    "否",
    "有",
    "是",
    "电焊",
    "想学苗绣",
    "叉车",
    "",
]
BUSINESSES = ["无", "无", "否", "有", "养殖", "开网店", "", "无"]
SURNAMES = "杨吴龙田彭石白冉"
GIVEN = ["秀英", "海", "志强", "桂花", "明", "春燕", "建国", "小芳", "德兵", "玉兰"]


def village_sheet(n=300, seed=2020):
    """A village sheet as officers send it: title row, their own header wording, members of
    a household sharing 户号, phones often missing, a 合计 row at the bottom."""
    rng = random.Random(seed)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["中和街道凤鸣村2020年贫困劳动力就业情况调查表"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    sheet.append(HEADER)
    rows, household = 0, 0
    while rows < n:
        household += 1
        for member in range(min(rng.randint(1, 4), n - rows)):
            rows += 1
            sheet.append(
                [
                    rows,
                    "中和街道",
                    "凤鸣",
                    f"5002410{household:05d}",
                    rng.choice(SURNAMES) + rng.choice(GIVEN),
                    valid_id_number(),
                    "户主" if member == 0 else rng.choice(["妻", "儿子", "女儿", "儿媳"]),
                    rng.choice(["", f"138{rng.randint(10000000, 99999999)}"]),
                    rng.choice(["普通劳动力", "技能劳动力", "弱劳动力"]),
                    rng.choice(INTENTIONS),
                    rng.choice(TRAININGS),
                    rng.choice(BUSINESSES),
                    rng.choice(["", "2020.2.15", "2020年3月"]),
                    "",
                ]
            )
    sheet.append(["合计", f"{rows} 人"])
    for cells in sheet.iter_rows(min_row=3):
        cells[5].number_format = "@"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def apply(user, data):
    return run_import(SurveyImporter(user=user), data, "凤鸣村.xlsx", commit=True)


def test_a_realistic_village_sheet_is_read_whole_and_twice_is_unchanged(officer_a, village_a1):
    data = village_sheet()
    report = apply(officer_a, data)
    assert report.issues == []
    assert (report.rows, report.created, report.error_rows, report.skipped) == (300, 300, 0, 1)

    history = Laborer.history.count()
    again = apply(officer_a, data)
    assert (again.created, again.updated, again.unchanged, again.error_rows) == (0, 0, 300, 0)
    assert Laborer.history.count() == history


def sheet(*cells):
    """One person: 就业意愿, 培训需求, 创业意愿."""
    intention, training, business = cells
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    number = valid_id_number()
    sheet.append(
        [
            *(1, "中和街道", "凤鸣村", "H1", "杨秀英", number, "户主", "", "普通劳动力"),
            *(intention, training, business, "", ""),
        ]
    )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), number


@pytest.mark.parametrize(
    ("intention", "expected"),
    [
        ("有", EmploymentIntention.PLACE_UNSTATED),
        ("是", EmploymentIntention.PLACE_UNSTATED),
        ("无", EmploymentIntention.NONE),
        ("否", EmploymentIntention.NONE),
        ("县内", EmploymentIntention.IN_COUNTY),
    ],
)
def test_employment_intention_yes_is_willing_with_the_place_unstated(
    officer_a, village_a1, intention, expected
):
    data, number = sheet(intention, "无", "无")
    assert apply(officer_a, data).error_rows == 0
    person = Laborer.objects.get(id_number=number)
    assert person.employment_intention == expected
    willing = Laborer.objects.willing_to_work().filter(pk=person.pk).exists()
    assert willing is (expected != EmploymentIntention.NONE)
    assert Laborer.objects.with_intention().filter(pk=person.pk).exists() is willing


@pytest.mark.parametrize(
    ("answer", "wanted", "trade"),
    [
        ("叉车操作", True, "叉车操作"),
        ("苗绣", True, "苗绣"),
        ("中式烹调师", True, "中式烹调师"),
        ("叉车", True, "叉车操作"),  # linked to the trade list
        ("想学苗绣", True, "苗绣"),
        ("是（苗绣）", True, "苗绣"),
        ("电焊", True, "电焊"),  # not in the list: kept as written
        ("有机种植", True, "有机种植"),  # 有 here is part of the trade
        ("有，缝纫工", True, "缝纫工"),
        ("有", True, ""),
        ("是", True, ""),
        ("无", False, ""),
        ("否", False, ""),
    ],
)
def test_training_need_answered_with_the_trade(officer_a, village_a1, answer, wanted, trade):
    data, number = sheet("无", answer, "无")
    assert apply(officer_a, data).error_rows == 0
    person = Laborer.objects.get(id_number=number)
    assert (person.wants_training, person.training_trade) == (wanted, trade)


@pytest.mark.parametrize(
    ("answer", "wanted", "plan"),
    [
        ("养殖", True, "养殖"),
        ("有", True, ""),
        ("是", True, ""),
        ("无", False, ""),
        ("否", False, ""),
    ],
)
def test_entrepreneurship_need_answered_with_the_business(
    officer_a, village_a1, answer, wanted, plan
):
    data, number = sheet("无", "无", answer)
    assert apply(officer_a, data).error_rows == 0
    person = Laborer.objects.get(id_number=number)
    assert (person.wants_entrepreneurship, person.entrepreneurship_plan) == (wanted, plan)


def test_a_bare_yes_keeps_the_trade_the_officer_already_recorded(officer_a, village_a1):
    person = make_laborer(village=village_a1, wants_training=True, training_trade="苗绣")
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    book.active.append(
        [
            *(1, "中和街道", "凤鸣村", person.household.number, person.name, person.id_number),
            *("户主", "", "普通劳动力", "", "是", "", "", ""),
        ]
    )
    out = io.BytesIO()
    book.save(out)
    report = apply(officer_a, out.getvalue())
    assert report.error_rows == 0
    person.refresh_from_db()
    assert (person.wants_training, person.training_trade) == (True, "苗绣")


def test_an_unreadable_answer_says_which_forms_are_read(officer_a, village_a1):
    data, _number = sheet("看情况", "无", "无")
    report = run_import(SurveyImporter(user=officer_a), data, "s.xlsx", commit=False)
    [issue] = report.issues
    assert issue.column == "就业意愿" and "有/无、是/否" in issue.message


def test_template_and_annotated_workbook_say_which_forms_are_read(
    client, officer_a, village_a1, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    settings.XJ_IMPORT_INLINE = True
    client.force_login(officer_a)
    template = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("imports:template", args=["survey"])).content)
    )
    notes = "\n".join(str(c.value) for r in template["填表说明"].iter_rows() for c in r if c.value)
    assert "就业意愿可填 有/无、是/否" in notes and "培训需求可直接填写想学的工种" in notes
    # the drop-down lists of these columns suggest: a trade or 是/否 typed is not refused
    survey_sheet = template.worksheets[0]
    headers = {c.column_letter: c.value for c in survey_sheet[1]}
    open_lists = {
        headers[str(v.sqref).split(":")[0].rstrip("0123456789")]
        for v in survey_sheet.data_validations.dataValidation
        if v.errorStyle == "information"
    }
    assert open_lists == {"就业意愿", "培训需求", "创业需求"}

    data, _number = sheet("看情况", "无", "无")
    batch = services.import_batch_create(
        user=officer_a, kind="survey", file_name="s.xlsx", data=data
    )
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportBatch.Status.PREVIEW
    annotated = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("imports:annotated", args=[batch.pk])).content)
    )
    lines = "\n".join(str(c.value) for r in annotated["填表说明"].iter_rows() for c in r)
    assert "就业意愿可填 有/无、是/否" in lines


def test_the_business_wanted_shows_on_the_laborer_page(client, officer_a, village_a1):
    data, number = sheet("有", "叉车", "养殖")
    apply(officer_a, data)
    person = Laborer.objects.get(id_number=number)
    client.force_login(officer_a)
    html = client.get(reverse("laborers:laborer_detail", args=[person.pk])).content.decode()
    assert "有就业意愿（地点未定）" in html and "（叉车操作）" in html and "（养殖）" in html
