"""The nine rectification tasks of the plan's appendices (seed: 秀山县 2020 年就业扶贫实施方案,
附件 1 and 附件 2), transcribed in full.

How the garbled tables were read
--------------------------------
The PDF extraction interleaved the table cells line by line and split columns. Each row was
rebuilt from its cells (tabs and the replacement character mark cell boundaries):

附件 1 columns: 中央反馈重庆整改问题 (two cells: the feedback's heading and sub-heading, kept
here as category and sub-category; the appendix gives no problem number or finding text),
序号 (the measure number), 整改措施, 整改时限, 负责人, 牵头单位, 责任单位, 备注.
- The 责任单位 cell wraps over three lines ("县就业人才局" one line above the row's
  middle line, then "人力资源科、培/训科"): read as one cell, "县就业人才局人力资源科、培训科".
- 整改时限 "3 月 31 日前" and "6 月 10 日前" carry no year: the plan is the 2020 plan and
  the feedback is of the 2019 inspection, so 2020-03-31 and 2020-06-10.

附件 2 columns (header not extracted): 问题类别, 子类, 问题序号, 问题, 具体表现, 整改措施
(the number in parentheses), 整改时限, 责任领导, 牵头单位, 责任单位, 备注. Category, sub-category
and problem are merged cells: 59, 60 and 61 share problem 25.
- Item 39's finding ends on another page: its last sentence ("迁后，还需回迁出地从事生产活动，
  无 1 人实现稳定就业的有 3 户。") was extracted at the top of 附件 2 and is joined back.
  No problem number survives for item 39's row: left empty rather than guessed.
- Item 27: the 整改时限 cell reads only "2020 年 6" and the 责任领导 cell is missing. Most
  faithful reading: "2020年6月底前完成，并长期坚持" (2020-06-30, ongoing): the measure itself is
  yearly and dynamic ("每年……实现零就业家庭动态清零"), and item 39 of the same table, with the
  same aim (零就业家庭动态清零), carries exactly that wording. Leader: 唐凌波, the leader of every
  other task led by 县就业人才局 in both appendices. Both are stated in the task's
  transcription note, shown with the task, to be checked against the paper original.

Spaces the extraction put between digits and Chinese characters ("2020 年 6 月", "8 万元")
are removed; the text is otherwise as printed, including the typographic quotes.
"""

import datetime

from django.db import migrations

SOURCES = [
    {
        "code": "inspection-2019-review",
        "name": "中央脱贫攻坚专项巡视“回头看”反馈意见",
        "short_name": "附件1",
        "document_title": "中央脱贫攻坚专项巡视“回头看”反馈意见整改任务分解和责任分工",
        "sort_order": 1,
    },
    {
        "code": "assessment-2019",
        "name": "2019年国家脱贫攻坚成效考核反馈问题",
        "short_name": "附件2",
        "document_title": "2019年国家脱贫攻坚成效考核反馈问题整改任务分解和责任分工",
        "sort_order": 2,
    },
]

LEADER = "唐凌波"
LEAD_UNIT = "县就业人才局"

APPENDIX_1_CATEGORY = "努力克服疫情影响，统筹做好新冠肺炎疫情防控和脱贫攻坚工作"
APPENDIX_1_SUBCATEGORY = "推动贫困劳动力外出务工"
APPENDIX_1_NOTE = "原文整改时限未写年份，按方案年度读作 2020 年。"

COVID_CATEGORY = "八、关于新冠疫情对脱贫攻坚带来影响的问题"
COVID_SUBCATEGORY = "（十五）推动贫困劳动力外出务工"
COVID_PROBLEM = "贫困劳动力外出就业还有一定影响"
COVID_FINDING = (
    "部分跨区域的上下游企业还未全部复工复产，用工规模未达到去年同期水平，"
    "尤其是吸纳贫困群众大量就业的餐饮服务业停工时间较长。"
)

TASKS = [
    # ---- 附件 1 -------------------------------------------------------------------------
    {
        "source": "inspection-2019-review",
        "category": APPENDIX_1_CATEGORY,
        "subcategory": APPENDIX_1_SUBCATEGORY,
        "problem_number": None,
        "problem": "",
        "finding": "",
        "measure_number": 49,
        "measure": (
            "做好贫困劳动力返岗复工服务工作。摸清贫困劳动力就业意向、培训需求和企业复工、"
            "用工需求信息，引导企业和贫困劳动力双向对接。运用就业需求服务信息平台，开展"
            "“线上+线下”招聘活动。做好劳动力外出的交通服务保障工作，采取包机包车包列等方式，"
            "引导安全有序错峰返岗就业。"
        ),
        "deadline": datetime.date(2020, 3, 31),
        "deadline_text": "3月31日前",
        "is_ongoing": False,
        "leader": LEADER,
        "lead_unit": LEAD_UNIT,
        "responsible_units": "县就业人才局人力资源科、培训科",
        "transcription_note": APPENDIX_1_NOTE,
    },
    {
        "source": "inspection-2019-review",
        "category": APPENDIX_1_CATEGORY,
        "subcategory": APPENDIX_1_SUBCATEGORY,
        "problem_number": None,
        "problem": "",
        "finding": "",
        "measure_number": 50,
        "measure": (
            "拓宽贫困劳动力就业渠道。发挥东西部扶贫劳务协作优势，引导贫困劳动力到山东省返岗"
            "就业。加强对接，争取合川区和市商务委扶贫集团为贫困群众提供就业岗位。支持有条件的"
            "乡镇、村因地制宜加大扶贫车间建设力度，重点解决因疫情不能外出务工的贫困劳动力就近"
            "就地就业。争取企业支持，对受疫情影响不能返岗的贫困员工，优先保留原有就业岗位，"
            "不予裁员减员。3月底前实现有意愿的贫困劳动力全部务工就业。"
        ),
        "deadline": datetime.date(2020, 3, 31),
        "deadline_text": "3月31日前",
        "is_ongoing": False,
        "leader": LEADER,
        "lead_unit": LEAD_UNIT,
        "responsible_units": "县就业人才局人力资源科、就业科",
        "transcription_note": APPENDIX_1_NOTE,
    },
    {
        "source": "inspection-2019-review",
        "category": APPENDIX_1_CATEGORY,
        "subcategory": APPENDIX_1_SUBCATEGORY,
        "problem_number": None,
        "problem": "",
        "finding": "",
        "measure_number": 51,
        "measure": (
            "开发用好公益性岗位。加大财政资金支持力度，增加公共事业和公共服务公益性岗位数量，"
            "适度开发疫情防控临时性公益性岗位，优先安排因疫情暂时不能外出务工的贫困劳动力就近"
            "就地就业。"
        ),
        "deadline": datetime.date(2020, 6, 10),
        "deadline_text": "6月10日前",
        "is_ongoing": False,
        "leader": LEADER,
        "lead_unit": LEAD_UNIT,
        "responsible_units": "县就业人才局就业科",
        "transcription_note": APPENDIX_1_NOTE,
    },
    # ---- 附件 2 -------------------------------------------------------------------------
    {
        "source": "assessment-2019",
        "category": "七、东西部扶贫协作仍有不足",
        "subcategory": "（十四）援助资金管理",
        "problem_number": 23,
        "problem": "资金管理办法有漏洞，精准扶贫意识差",
        "finding": (
            "交叉考核了解，重庆市出台文件规定，“为加快资金拨付进度，原则上项目启动后直接拨付"
            "50%启动资金，建设进度过半后拨付80%的进度资金。”虽然加快了资金拨付进度，但带来了"
            "资金监管和项目质量安全隐患。\n"
            "2019年，重庆市安排财政援助资金690万元，举办各类非遗扶贫培训班22期，培训学员"
            "1000人，其中贫困学员420人、非贫困学员580人，安排财政援助资金114万元为所有参训"
            "学员平均发放补贴，每人每天70元，撒了“胡椒面”，未体现对贫困户的倾斜扶持。"
        ),
        "measure_number": 57,
        "measure": (
            "东西部扶贫协作劳务技能培训实行差异化补贴。进一步规范劳务技能培训补贴发放标准，"
            "对贫困户和非贫困户实行差异化发放，不撒“胡椒面”，不搞“一刀切”。提高益贫效益，"
            "东西部扶贫协作资金不得用于非贫困户补助发放。"
        ),
        "deadline": datetime.date(2020, 6, 30),
        "deadline_text": "2020年6月底前完成，并长期坚持",
        "is_ongoing": True,
        "leader": LEADER,
        "lead_unit": LEAD_UNIT,
        "responsible_units": "县就业人才局培训科",
        "transcription_note": "",
    },
    {
        "source": "assessment-2019",
        "category": COVID_CATEGORY,
        "subcategory": COVID_SUBCATEGORY,
        "problem_number": 25,
        "problem": COVID_PROBLEM,
        "finding": COVID_FINDING,
        "measure_number": 59,
        "measure": (
            "做好贫困劳动力返岗复工服务工作。摸清贫困劳动力就业意向、培训需求和企业复工、"
            "用工需求信息，引导企业和贫困劳动力双向对接。运用就业需求服务信息平台，开展"
            "“线上+线下”招聘活动。做好劳动力外出的交通服务保障工作，采取包车等方式，引导安全"
            "有序错峰返岗就业。"
        ),
        "deadline": datetime.date(2020, 3, 31),
        "deadline_text": "2020年3月底前完成",
        "is_ongoing": False,
        "leader": LEADER,
        "lead_unit": LEAD_UNIT,
        "responsible_units": "县就业人才局人力资源科、培训科",
        "transcription_note": "",
    },
    {
        "source": "assessment-2019",
        "category": COVID_CATEGORY,
        "subcategory": COVID_SUBCATEGORY,
        "problem_number": 25,
        "problem": COVID_PROBLEM,
        "finding": COVID_FINDING,
        "measure_number": 60,
        "measure": (
            "发挥东西部扶贫劳务协作优势，引导贫困劳动力到山东省返岗就业。发挥区县对口帮扶作用，"
            "积极对接合川区和市商务委扶贫集团为贫困群众提供就业岗位。支持有条件的乡镇（街道）、"
            "村（居）因地制宜加大扶贫车间建设力度，重点解决因疫情不能外出务工的贫困劳动力就近"
            "就地就业。争取企业支持，对受疫情影响不能返岗的贫困员工，优先保留原有就业岗位，"
            "不予裁员减员。3月底前实现有意愿的贫困劳动力全部务工就业。"
        ),
        "deadline": datetime.date(2020, 3, 31),
        "deadline_text": "2020年3月底前完成",
        "is_ongoing": False,
        "leader": LEADER,
        "lead_unit": LEAD_UNIT,
        "responsible_units": "县就业人才局人力资源科、就业科",
        "transcription_note": "",
    },
    {
        "source": "assessment-2019",
        "category": COVID_CATEGORY,
        "subcategory": COVID_SUBCATEGORY,
        "problem_number": 25,
        "problem": COVID_PROBLEM,
        "finding": COVID_FINDING,
        "measure_number": 61,
        "measure": (
            "开发用好公益性岗位。加大财政资金支持力度，增加公共事业和公共服务公益性岗位数量，"
            "适度开发疫情防控临时性公益性岗位，优先安排因疫情暂时不能外出务工的贫困劳动力就近"
            "就地就业。"
        ),
        "deadline": datetime.date(2020, 5, 31),
        "deadline_text": "2020年5月底前完成",
        "is_ongoing": False,
        "leader": LEADER,
        "lead_unit": LEAD_UNIT,
        "responsible_units": "县就业人才局就业科",
        "transcription_note": "",
    },
    {
        "source": "assessment-2019",
        "category": "三、工作落实不扎实",
        "subcategory": "（四）稳定持续脱贫",
        "problem_number": 9,
        "problem": (
            "巩固提升脱贫成效有待加强。不少贫困户家庭缺乏收入来源，仍为生计所困，负担沉重，"
            "脱贫难度大。有的脱贫户收入水平低，返贫风险高。"
        ),
        "finding": (
            "暗访调研发现：一是残疾人多，家庭负担重。某村一贫困户家中妻子和两个女儿都是残疾，"
            "家里一两个月吃不上一斤肉。贷款8万元养了头水牛，村里让其自修水塘。二是劳动力少，"
            "家庭难支撑。某村一贫困户患了肺癌，妻子是乙肝病毒携带者。因为没钱，妻子骑三轮车"
            "跑出租挣钱。“每天只有挣来30块钱才觉得能活下去，病了累了也不能休息，家里连做菜用"
            "的油都是父亲送来的。”"
        ),
        "measure_number": 27,
        "measure": (
            "扎实搞好就业服务，摸清贫困群众就业需求，每年为有就业意愿、就业能力的贫困家庭提供"
            "就业岗位，实现零就业家庭动态清零。"
        ),
        "deadline": datetime.date(2020, 6, 30),
        "deadline_text": "2020年6月底前完成，并长期坚持",
        "is_ongoing": True,
        "leader": LEADER,
        "lead_unit": LEAD_UNIT,
        "responsible_units": "县就业人才局人力资源科、就业科",
        "transcription_note": (
            "原文“整改时限”栏经 PDF 提取只剩“2020 年 6”，按措施本身“每年……实现零就业家庭动态"
            "清零”及同表第 39 项（同为零就业家庭动态清零）读作“2020年6月底前完成，并长期坚持”；"
            "原文“责任领导”栏缺失，按两个附件中县就业人才局牵头的其余各项补录为唐凌波。"
            "请与纸质原件核对。"
        ),
    },
    {
        "source": "assessment-2019",
        "category": "四、政策落实不到位不精准",
        "subcategory": "（六）易地扶贫搬迁",
        "problem_number": None,
        "problem": "易地扶贫搬迁后续措施薄弱",
        "finding": (
            "第三方评估抽样调查的135户易地搬迁农户中，132户已入住新房，未入住的3户（其中有2户"
            "为已脱贫户）均是因为新房未到入住条件，借助于亲戚家中。部分搬迁农户后续帮扶欠缺。"
            "调查显示有15户表示搬迁后没有得到帮扶措施，有21户表示搬迁后，还需回迁出地从事生产"
            "活动，无1人实现稳定就业的有3户。"
        ),
        "measure_number": 39,
        "measure": (
            "持续发挥公益岗位作用，确保易地扶贫搬迁户零就业家庭动态清零。积极开展职业技能培训，"
            "结合搬迁户意愿精准组织劳务输出，引导搬迁人口转移就业。"
        ),
        "deadline": datetime.date(2020, 6, 30),
        "deadline_text": "2020年6月底前完成，并长期坚持",
        "is_ongoing": True,
        "leader": LEADER,
        "lead_unit": LEAD_UNIT,
        "responsible_units": "县就业人才局就业科、培训科、人力资源科",
        "transcription_note": (
            "原文提取未见该问题的问题序号，暂空，请与纸质原件核对；具体表现的末句在提取文本中"
            "被分页错置到附件 2 开头，已拼回。"
        ),
    },
]


def load(apps, schema_editor):
    Source = apps.get_model("rectification", "Source")
    Task = apps.get_model("rectification", "Task")
    sources = {}
    for values in SOURCES:
        values = dict(values)
        code = values.pop("code")
        sources[code], _ = Source.objects.update_or_create(code=code, defaults=values)
    for values in TASKS:
        values = dict(values)
        source = sources[values.pop("source")]
        Task.objects.update_or_create(
            source=source, measure_number=values.pop("measure_number"), defaults=values
        )


def unload(apps, schema_editor):
    Source = apps.get_model("rectification", "Source")
    Task = apps.get_model("rectification", "Task")
    codes = [source["code"] for source in SOURCES]
    for values in TASKS:
        Task.objects.filter(
            source__code=values["source"], measure_number=values["measure_number"]
        ).delete()
    Source.objects.filter(code__in=codes, tasks__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("rectification", "0001_tasks_reports_evidence")]

    operations = [migrations.RunPython(load, unload)]
