"""The nine tasks of the plan's appendices, as the data migration loads them."""

import datetime
import importlib

import pytest
from django.apps import apps

from rectification.models import Source, Status, Task

pytestmark = pytest.mark.django_db

d = datetime.date

#: measure number → (appendix, deadline, wording, ongoing, responsible units)
EXPECTED = {
    49: ("附件1", d(2020, 3, 31), "3月31日前", False, "县就业人才局人力资源科、培训科"),
    50: ("附件1", d(2020, 3, 31), "3月31日前", False, "县就业人才局人力资源科、就业科"),
    51: ("附件1", d(2020, 6, 10), "6月10日前", False, "县就业人才局就业科"),
    57: ("附件2", d(2020, 6, 30), "2020年6月底前完成，并长期坚持", True, "县就业人才局培训科"),
    59: ("附件2", d(2020, 3, 31), "2020年3月底前完成", False, "县就业人才局人力资源科、培训科"),
    60: ("附件2", d(2020, 3, 31), "2020年3月底前完成", False, "县就业人才局人力资源科、就业科"),
    61: ("附件2", d(2020, 5, 31), "2020年5月底前完成", False, "县就业人才局就业科"),
    27: (
        "附件2",
        d(2020, 6, 30),
        "2020年6月底前完成，并长期坚持",
        True,
        "县就业人才局人力资源科、就业科",
    ),
    39: (
        "附件2",
        d(2020, 6, 30),
        "2020年6月底前完成，并长期坚持",
        True,
        "县就业人才局就业科、培训科、人力资源科",
    ),
}


def test_nine_tasks_with_their_numbers_and_deadlines():
    tasks = {t.measure_number: t for t in Task.objects.select_related("source")}
    assert set(tasks) == set(EXPECTED)
    for number, (appendix, deadline, wording, ongoing, units) in EXPECTED.items():
        task = tasks[number]
        assert task.source.short_name == appendix, number
        assert task.deadline == deadline, number
        assert task.deadline_text == wording, number
        assert task.is_ongoing is ongoing, number
        assert task.responsible_units == units, number
        assert task.leader == "唐凌波", number
        assert task.lead_unit == "县就业人才局", number
        assert task.status == Status.NOT_STARTED
        assert task.closed_on is None


def test_sources_are_the_two_appendices():
    assert list(Source.objects.values_list("short_name", "name")) == [
        ("附件1", "中央脱贫攻坚专项巡视“回头看”反馈意见"),
        ("附件2", "2019年国家脱贫攻坚成效考核反馈问题"),
    ]


def test_problem_categories_and_numbers():
    rows = {
        t.measure_number: (t.category, t.subcategory, t.problem_number) for t in Task.objects.all()
    }
    appendix_1 = (
        "努力克服疫情影响，统筹做好新冠肺炎疫情防控和脱贫攻坚工作",
        "推动贫困劳动力外出务工",
        None,
    )
    covid = ("八、关于新冠疫情对脱贫攻坚带来影响的问题", "（十五）推动贫困劳动力外出务工", 25)
    assert rows == {
        49: appendix_1,
        50: appendix_1,
        51: appendix_1,
        57: ("七、东西部扶贫协作仍有不足", "（十四）援助资金管理", 23),
        59: covid,
        60: covid,
        61: covid,
        27: ("三、工作落实不扎实", "（四）稳定持续脱贫", 9),
        39: ("四、政策落实不到位不精准", "（六）易地扶贫搬迁", None),
    }


def test_texts_are_transcribed_in_full():
    tasks = {t.measure_number: t for t in Task.objects.all()}
    # Measures: first and last sentence of each, so a truncated transcription fails.
    assert tasks[49].measure.startswith("做好贫困劳动力返岗复工服务工作。")
    assert tasks[49].measure.endswith("采取包机包车包列等方式，引导安全有序错峰返岗就业。")
    assert tasks[59].measure.endswith("采取包车等方式，引导安全有序错峰返岗就业。")
    assert tasks[50].measure.endswith("3月底前实现有意愿的贫困劳动力全部务工就业。")
    assert "支持有条件的乡镇、村因地制宜" in tasks[50].measure
    assert "支持有条件的乡镇（街道）、村（居）因地制宜" in tasks[60].measure
    assert tasks[51].measure == tasks[61].measure
    assert tasks[57].measure.endswith("东西部扶贫协作资金不得用于非贫困户补助发放。")
    assert tasks[27].measure.endswith("实现零就业家庭动态清零。")
    assert tasks[39].measure.endswith("引导搬迁人口转移就业。")
    # Findings, including the sentence of item 39 the extraction put on another page.
    assert "每人每天70元，撒了“胡椒面”，未体现对贫困户的倾斜扶持。" in tasks[57].finding
    assert tasks[57].problem == "资金管理办法有漏洞，精准扶贫意识差"
    assert tasks[59].finding == tasks[60].finding == tasks[61].finding
    assert tasks[59].problem == "贫困劳动力外出就业还有一定影响"
    assert tasks[27].problem.startswith("巩固提升脱贫成效有待加强。")
    assert tasks[27].finding.startswith("暗访调研发现：一是残疾人多，家庭负担重。")
    assert tasks[27].finding.endswith("家里连做菜用的油都是父亲送来的。”")
    assert tasks[39].problem == "易地扶贫搬迁后续措施薄弱"
    assert tasks[39].finding.endswith(
        "有21户表示搬迁后，还需回迁出地从事生产活动，无1人实现稳定就业的有3户。"
    )
    # No extraction artefacts left: spaces between digits and CJK, replacement characters.
    for task in tasks.values():
        for text in (task.measure, task.finding, task.problem, task.deadline_text):
            assert "\ufffd" not in text
            assert " 年" not in text and "年 " not in text


def test_reconstructed_pieces_are_stated_on_the_task():
    tasks = {t.measure_number: t for t in Task.objects.all()}
    assert "2020 年 6" in tasks[27].transcription_note
    assert "唐凌波" in tasks[27].transcription_note
    assert "问题序号" in tasks[39].transcription_note
    assert all("年份" in tasks[n].transcription_note for n in (49, 50, 51))
    assert all(not tasks[n].transcription_note for n in (57, 59, 60, 61))


def test_data_migration_is_reversible_and_idempotent():
    migration = importlib.import_module("rectification.migrations.0002_load_plan_tasks")
    migration.unload(apps, None)
    assert not Task.objects.exists() and not Source.objects.exists()
    migration.load(apps, None)
    migration.load(apps, None)
    assert Task.objects.count() == 9 and Source.objects.count() == 2
