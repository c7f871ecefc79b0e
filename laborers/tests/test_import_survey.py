"""The village survey import pipeline: real files in, the registry and its history out."""

import datetime

import pytest

from laborers.imports import survey
from laborers.imports.base import run_import
from laborers.imports.survey import SurveyImporter
from laborers.models import Household, ImportBatch, Laborer
from laborers.tests.survey_files import (
    HEADER,
    csv_bytes,
    row,
    two_row_header_xlsx,
    xls_bytes,
    xlsx_bytes,
)
from xiushan_jobs.lib import bulk
from xiushan_jobs.testing import make_household, make_laborer, make_village, valid_id_number

pytestmark = pytest.mark.django_db


def check(user, data, name="survey.xlsx"):
    return run_import(SurveyImporter(user=user), data, name, commit=False)


def apply(user, data, name="survey.xlsx", batch=None):
    return run_import(SurveyImporter(user=user, batch=batch), data, name, commit=True)


def messages(report):
    return [(i.row, i.column, i.message) for i in report.issues]


def test_xlsx_with_title_row_creates_laborers_and_households(officer_a, village_a1, village_a2):
    ids = [valid_id_number() for _ in range(3)]
    data = xlsx_bytes(
        [
            row(id_number=ids[0], household="H1", name="张 三"),
            row(id_number=ids[1], household="H1", name="李四", relation="配偶"),
            [],
            row(
                id_number=ids[2].lower().replace("x", "x"),
                household="H2",
                village="太平村",
                status="已脱贫",
                year="2019",
                departure="2020.3.5",
            ),
            ["合计", "3 人"],
        ],
        title="中和街道2020年贫困劳动力调查表",
    )
    report = check(officer_a, data)
    assert (report.rows, report.created, report.error_rows, report.skipped) == (3, 3, 0, 1)
    assert report.header_rows == [2]
    assert Laborer.objects.count() == 0  # a dry run writes nothing

    report = apply(officer_a, data)
    assert report.committed and report.created == 3
    household = Household.objects.get(number="H2")
    assert household.village == village_a2
    assert household.poverty_status == "已脱贫" and household.poverty_exit_year == 2019
    zhang = Laborer.objects.get(id_number=ids[0])
    assert zhang.name == "张三" and zhang.household.number == "H1"
    assert zhang.birth_date and zhang.sex in ("M", "F")
    assert Laborer.objects.get(id_number=ids[2]).departure_date == datetime.date(2020, 3, 5)
    assert Laborer.objects.get(id_number=ids[1]).relationship == "配偶"


def test_two_row_merged_header_reports_excel_row_numbers(county_user, village_a1):
    good, other = valid_id_number(), valid_id_number()
    bad = other[:-1] + ("1" if other.endswith("0") else "0")  # a wrong check digit
    data = two_row_header_xlsx(
        [
            [
                1,
                "中和街道",
                "凤鸣村",
                "H9",
                "王五",
                good,
                "13800138000",
                "务工",
                "广东东莞",
                "2019年2月",
            ],
            [2, "中和街道", "凤鸣村", "H9", "赵六", bad, "1380013", "", "", "2019.13.1"],
        ]
    )
    report = apply(county_user, data)
    assert report.header_rows == [2, 3]
    assert report.created == 1 and report.error_rows == 1
    by_column = {i.column: i for i in report.issues}
    # row 5 as Excel shows it (title, two header rows, first data row)
    assert {i.row for i in report.issues} == {5}
    assert "校验位" in by_column["公民身份 号码"].message
    assert "手机号码" in by_column["联系 电话"].message
    assert "日期" in by_column["外出务工时间"].message
    assert any("就业状态" in w for w in report.warnings)  # unrecognised column, a warning
    wang = Laborer.objects.get(id_number=good)
    assert wang.prior_work_place == "广东东莞"
    assert wang.departure_date == datetime.date(2019, 2, 1)


def test_xls_and_gbk_csv(officer_a, village_a1):
    first, second = valid_id_number(), valid_id_number()
    assert apply(officer_a, xls_bytes([row(id_number=first)]), "survey.xls").created == 1
    data = csv_bytes([row(id_number=second, household="H5", training="√")], encoding="gbk")
    report = apply(officer_a, data, "survey.csv")
    assert report.created == 1, messages(report)
    assert Laborer.objects.get(id_number=second).wants_training is True


def test_bad_values_are_errors_at_their_cells(officer_a, village_a1):
    data = xlsx_bytes(
        [
            row(id_number=valid_id_number(), ability="很强"),
            row(id_number=valid_id_number(), status="已脱贫", household="H7"),  # no exit year
            row(id_number=valid_id_number(), departure="2021-01-01", household="H8"),
            row(id_number="", household="H10"),
        ]
    )
    report = check(officer_a, data)
    found = messages(report)
    assert (
        2,
        "劳动能力",
        "劳动能力“很强”不是可选项：请从下拉列表中选择（技能劳动力、普通劳动力、弱劳动力或半劳动力、丧失劳动力、无劳动力）。",
    ) in found
    assert any(r == 3 and c == "脱贫年度" and "必须填写脱贫年度" in m for r, c, m in found)
    assert any(r == 4 and c == "外出时间" and "不能晚于今天" in m for r, c, m in found)
    assert (5, "身份证号码", "身份证号码不能为空。") in found
    assert report.error_rows == 4 and report.created == 0


def test_a_bad_id_number_does_not_hide_the_rows_other_errors(officer_a, village_a1):
    """One upload reports everything wrong with a row: the ID number (a 15-digit old-style
    number here) and the cross-field rules (a departure date in the future)."""
    data = xlsx_bytes([row(id_number="500241850615001", departure="2021-01-01")])
    found = messages(check(officer_a, data))
    assert {c for r, c, _m in found if r == 2} >= {"身份证号码", "外出时间"}


def test_id_number_stored_as_number_is_reported_not_guessed(officer_a, village_a1):
    book_rows = [row(id_number=5.0024119850615e17)]
    import openpyxl

    data = xlsx_bytes(book_rows)
    # make sure the cell really is numeric in the file
    import io

    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert isinstance(sheet["E2"].value, int | float)
    report = apply(officer_a, data)
    assert report.created == 0
    [issue] = report.issues
    assert issue.row == 2 and issue.column == "身份证号码"
    assert "存成了数字" in issue.message
    assert Laborer.objects.count() == 0


def test_missing_required_columns_refuse_the_file(officer_a, village_a1):
    header = [h for h in HEADER if h not in ("身份证号码", "户编号")]
    report = check(officer_a, xlsx_bytes([["中和街道", "凤鸣村", "张三"]], header=header))
    assert report.refused == (
        "缺少必需的列：“户编号”、“身份证号码”。请在表头中加上这些列（可下载空白模板对照），再重新上传。"
    )


def test_without_a_township_column_villages_are_found_by_name(
    officer_a, county_user, village_a1, township_b
):
    header = HEADER[1:]
    data = xlsx_bytes([row(id_number=valid_id_number())[1:]], header=header)
    assert check(officer_a, data).created == 1  # officers' rows default to their township
    assert check(county_user, data).created == 1  # the only 凤鸣村 in the county
    make_village(township_b, "凤鸣村")
    assert check(officer_a, data).created == 1
    [issue] = check(county_user, data).issues
    assert "2 个乡镇都有名为“凤鸣村”" in issue.message


def test_header_only_and_empty_sheets_are_refused(officer_a):
    assert "只有表头" in check(officer_a, xlsx_bytes([])).refused
    assert "没有任何内容" in check(officer_a, xlsx_bytes([], header=[])).refused
    assert "只有合计" in check(officer_a, xlsx_bytes([["合计", "0"]])).refused
    assert "没有找到表头" in check(officer_a, xlsx_bytes([["a", "b"]], header=["x", "y"])).refused


def test_row_limit(officer_a, village_a1, settings):
    settings.XJ_IMPORT_MAX_ROWS = 2
    rows = [row(id_number=valid_id_number(), household=f"H{i}") for i in range(3)]
    assert "2 行的上限" in check(officer_a, xlsx_bytes(rows)).refused


# --- scope and conflicts ---------------------------------------------------------------------


def test_township_officer_cannot_import_rows_of_another_township(officer_a, village_a1, village_b1):
    mine, theirs = valid_id_number(), valid_id_number()
    data = xlsx_bytes(
        [
            row(id_number=mine),
            row(id_number=theirs, township="隘口镇", village="坝芒村", household="B1"),
        ]
    )
    report = apply(officer_a, data)
    assert report.created == 1 and report.error_rows == 1
    [issue] = report.issues
    assert issue.row == 3 and issue.column == "乡镇（街道）"
    assert "隘口镇" in issue.message and "不在您的管辖范围（中和街道）" in issue.message
    assert not Laborer.objects.filter(id_number=theirs).exists()
    assert not Household.objects.filter(number="B1").exists()


def test_village_officer_only_own_village(village_officer, village_a1, village_a2):
    data = xlsx_bytes(
        [
            row(id_number=valid_id_number()),
            row(id_number=valid_id_number(), village="太平村", household="H2"),
        ]
    )
    report = apply(village_officer, data)
    assert report.created == 1
    assert report.issues[0].row == 3 and "凤鸣村" in report.issues[0].message


def test_id_registered_in_another_township_is_a_conflict_not_overwritten(
    officer_a, village_a1, village_b1
):
    elsewhere = make_laborer(village=village_b1, name="原名")
    data = xlsx_bytes([row(id_number=elsewhere.id_number, name="新名")])
    report = apply(officer_a, data)
    [issue] = report.issues
    assert issue.kind == "conflict" and "隘口镇" in issue.message
    # nothing of that household: not its number, its village or its members
    assert elsewhere.household.number not in issue.message
    assert "坝芒村" not in issue.message and "原名" not in issue.message
    elsewhere.refresh_from_db()
    assert elsewhere.name == "原名" and elsewhere.household.village == village_b1


def test_household_number_registered_in_another_township_is_a_conflict(
    officer_a, village_a1, village_b1
):
    make_household(village_b1, number="SHARED")
    report = apply(officer_a, xlsx_bytes([row(id_number=valid_id_number(), household="SHARED")]))
    assert report.created == 0 and report.issues[0].kind == "conflict"
    assert "已在隘口镇登记" in report.issues[0].message
    assert "坝芒村" not in report.issues[0].message


def test_a_village_officer_is_told_the_other_village_of_their_township(
    village_officer, village_a1, village_a2
):
    neighbour = make_laborer(village=village_a2, name="邻村人")
    report = apply(village_officer, xlsx_bytes([row(id_number=neighbour.id_number)]))
    [issue] = report.issues
    assert "该身份证号码已在中和街道 太平村登记" in issue.message
    assert neighbour.household.number not in issue.message and "邻村人" not in issue.message


def test_duplicate_ids_in_file_and_inconsistent_households(officer_a, village_a1):
    same = valid_id_number()
    data = xlsx_bytes(
        [
            row(id_number=same),
            row(id_number=same, name="重复"),
            row(id_number=valid_id_number(), household="H3", status="未脱贫"),
            row(id_number=valid_id_number(), household="H3", status="已脱贫", year="2019"),
        ]
    )
    report = check(officer_a, data)
    found = messages(report)
    assert sum("出现了多次（第 2、3 行）" in m for _r, _c, m in found) == 2
    assert any(r == 5 and c == "脱贫状态" and "与第 4 行不一致" in m for r, c, m in found)


# --- upsert, diff, history -------------------------------------------------------------------


def test_same_file_twice_is_all_unchanged(officer_a, village_a1):
    data = xlsx_bytes([row(id_number=valid_id_number(), household=f"H{i}") for i in range(4)])
    assert apply(officer_a, data).created == 4
    history = Laborer.history.count()
    report = apply(officer_a, data)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 4)
    assert Laborer.history.count() == history


def test_updates_only_the_fields_that_differ_with_a_field_level_diff(
    officer_a, village_a1, village_a2
):
    person = make_laborer(village=village_a1, name="张三", phone="13800138000", education="小学")
    household = person.household
    data = xlsx_bytes(
        [
            row(
                id_number=person.id_number,
                household=household.number,
                village="太平村",
                phone="13900139000",
                status="已脱贫",
                year="2019",
            )
        ]
    )
    report = check(officer_a, data)
    assert report.updated == 1
    [change] = report.changes
    assert change.row == 2 and change.key == person.id_number
    diff = {(c.label, c.old, c.new) for c in change.changes}
    assert diff == {
        ("联系电话", "13800138000", "13900139000"),
        ("就业意愿", "（空）", "县内就业"),
        ("村（社区）（户）", "凤鸣村", "太平村"),
        ("脱贫状态（户）", "未脱贫", "已脱贫"),
        ("脱贫年度（户）", "（空）", "2019"),
    }
    version = person.version
    batch = ImportBatch.objects.create(user=officer_a, file_name="s.xlsx", sha256="x")
    apply(officer_a, data, batch=batch)
    person.refresh_from_db()
    household.refresh_from_db()
    assert person.phone == "13900139000" and person.education == "小学"  # not in the file: kept
    assert person.version == version + 1
    assert household.village == village_a2 and household.poverty_exit_year == 2019
    latest = person.history.first()
    assert latest.history_type == "~" and latest.import_batch_id == batch.pk
    assert latest.history_user == officer_a and latest.phone == "13900139000"
    assert household.history.first().import_batch_id == batch.pk
    assert person.history.first().prev_record.phone == "13800138000"


def test_new_rows_have_history_with_their_batch(officer_a, village_a1):
    batch = ImportBatch.objects.create(user=officer_a, file_name="s.xlsx", sha256="x")
    apply(officer_a, xlsx_bytes([row(id_number=valid_id_number())]), batch=batch)
    laborer = Laborer.objects.get()
    assert laborer.history.get().import_batch_id == batch.pk
    assert laborer.household.history.get().history_type == "+"


def test_failure_midway_leaves_the_database_as_it_was(officer_a, village_a1, monkeypatch):
    existing = make_laborer(village=village_a1, phone="13800138000")
    before = (Laborer.objects.count(), Household.objects.count(), Laborer.history.count())
    data = xlsx_bytes(
        [
            row(id_number=valid_id_number(), household="NEW1"),
            row(
                id_number=existing.id_number,
                household=existing.household.number,
                phone="13700137000",
            ),
        ]
    )
    real_update = bulk.update

    def failing_update(model, objs, fields, **kwargs):
        real_update(model, objs, fields, **kwargs)
        if model is Laborer:
            raise RuntimeError("disk full")

    monkeypatch.setattr(survey.bulk, "update", failing_update)
    with pytest.raises(RuntimeError):
        apply(officer_a, data)
    assert (Laborer.objects.count(), Household.objects.count(), Laborer.history.count()) == before
    existing.refresh_from_db()
    assert existing.phone == "13800138000"


def test_a_change_after_checking_is_checked_again_inside_the_transaction(
    officer_a, village_a1, monkeypatch
):
    person = make_laborer(village=village_a1, phone="13800138000")
    data = xlsx_bytes(
        [row(id_number=person.id_number, household=person.household.number, phone="13700137000")]
    )
    importer = SurveyImporter(user=officer_a)
    real_check = importer.check
    calls = []

    def check_then_someone_edits(rows, report):
        plan = real_check(rows, report)
        if not calls:
            Laborer.objects.filter(pk=person.pk).update(version=person.version + 5)
        calls.append(1)
        return plan

    importer.check = check_then_someone_edits
    report = run_import(importer, data, "s.xlsx", commit=True)
    assert len(calls) == 2 and report.updated == 1
    assert any("重新核对" in w for w in report.warnings)
    person.refresh_from_db()
    assert person.phone == "13700137000"


def test_fields_skipped_by_the_row_validation_are_enforced_by_parsers_from_the_model():
    """The per-row ``clean_fields`` skips choice, yes/no and date fields because their
    column parsers already allow exactly what the model allows. Keep it so."""
    from xiushan_jobs.lib.dates import parse_date
    from xiushan_jobs.lib.values import ChoiceParser, parse_yes_no

    columns = {c.key: c for c in survey.COLUMNS}
    assert survey._PARSER_ENFORCED  # choice, boolean and date fields
    for name in survey._PARSER_ENFORCED:
        field = Laborer._meta.get_field(name)
        parse = columns[name].parse
        if field.choices:
            assert isinstance(parse, ChoiceParser)
            assert {value for value, _label in parse.choices} == {v for v, _l in field.choices}
            assert set(parse.lookup.values()) <= {v for v, _l in field.choices}
        elif field.get_internal_type() == "BooleanField":
            # a 需求 column also reads what is wanted; ``_read_needs`` leaves a bool
            assert parse is parse_yes_no or name in survey._NEEDS
        else:
            assert parse is parse_date
