"""Excel ledgers (台账): classes and their trainees, subsidies, loans, work stations.

Built from querysets the views have already scoped and filtered, read as plain values in a
constant number of queries; ID numbers and phones masked. Written with the shared
``xiushan_jobs.lib.xlsx`` helpers (styled header, dates, frozen header row).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import F, QuerySet
from openpyxl import Workbook

from laborers.choices import Sex
from training.choices import FundingSource
from training.models import Enrollment, StationOccupancy
from training.reports import SourceTotals
from xiushan_jobs.lib.idnumber import mask_id_number
from xiushan_jobs.lib.phone import mask_phone
from xiushan_jobs.lib.xlsx import inert_row, write_table

SEXES = dict(Sex.choices)
EAST_WEST = FundingSource.EAST_WEST


def _book() -> Workbook:
    book = Workbook()
    book.remove(book.active)
    return book


def _yes(value: bool) -> str:
    return "是" if value else "否"


def _money(value: Decimal | None) -> float:
    return float(value or 0)


def class_ledger(classes: QuerySet, *, user: Any, scope_label: str) -> tuple[Workbook, int]:
    """培训班台账 (one row per class, with counts and subsidy) and 学员名册 (the trainees of
    those classes the user may see). Returns the workbook and the number of trainee rows."""
    book = _book()
    rows = []
    for index, c in enumerate(
        classes.select_related("trade", "township", "program")
        .with_counts()
        .with_subsidy()
        .order_by("-start_date", "pk"),
        start=1,
    ):
        rows.append(
            [
                index,
                c.name,
                c.trade.name,
                c.format,
                c.program.name if c.program else "本县自办",
                c.funding_source,
                c.township.name if c.township else "县级",
                c.organizer,
                c.place,
                c.start_date,
                c.end_date,
                c.hours,
                c.status,
                c.poor_count,
                c.non_poor_count,
                c.completed_count,
                c.skilled_count,
                _money(c.poor_daily_subsidy),
                _money(c.non_poor_daily_subsidy),
                _money(c.subsidy_total),
            ]
        )
    write_table(
        book.create_sheet("培训班台账"),
        [
            "序号",
            "培训班名称",
            "工种",
            "办班方式",
            "协作项目",
            "资金来源",
            "举办乡镇（街道）",
            "承办单位",
            "培训地点",
            "开班日期",
            "结业日期",
            "课时",
            "状态",
            "贫困学员（人）",
            "非贫困学员（人）",
            "结业（人）",
            "取得证书或技能（人）",
            "贫困学员补贴（元/天）",
            "非贫困学员补贴（元/天）",
            "应发补贴合计（元）",
        ],
        rows,
        widths=[6, 30, 12, 10, 14, 18, 14, 24, 20, 12, 12, 6, 8, 10, 10, 8, 12, 12, 12, 14],
    )
    trainees = (
        Enrollment.objects.visible_to(user)
        .filter(training_class__in=classes)
        .order_by(
            "training_class__start_date", "training_class", F("laborer").asc(nulls_last=True), "pk"
        )
        .values_list(
            "training_class__name",
            "training_class__funding_source",
            "training_class__poor_daily_subsidy",
            "training_class__non_poor_daily_subsidy",
            "laborer_id",
            "laborer__name",
            "laborer__id_number",
            "laborer__sex",
            "laborer__household__village__township__name",
            "laborer__household__village__name",
            "name",
            "id_number",
            "phone",
            "days_attended",
            "completed",
            "skill",
            "certificate_number",
        )
    )
    roster = []
    for index, t in enumerate(trainees, start=1):
        (klass, source, poor_rate, non_poor_rate, laborer_id, l_name, l_id, l_sex) = t[:8]
        (township, village, name, id_number, phone, days, completed, skill, cert) = t[8:]
        poor = laborer_id is not None
        # the class's daily rate for this trainee (TrainingClass.daily_rate, item 57)
        rate = poor_rate if poor else Decimal(0) if source == EAST_WEST else non_poor_rate
        roster.append(
            [
                index,
                klass,
                l_name if poor else name,
                mask_id_number(l_id if poor else id_number),
                SEXES.get(l_sex, "") if poor else "",
                "贫困劳动力" if poor else "非贫困学员",
                f"{township} {village}" if poor else "",
                "" if poor else mask_phone(phone),
                days,
                _yes(completed),
                skill,
                cert,
                _money(rate),
                _money(rate * days),
            ]
        )
    write_table(
        book.create_sheet("学员名册"),
        [
            "序号",
            "培训班",
            "姓名",
            "身份证号码",
            "性别",
            "学员类别",
            "所在村（社区）",
            "联系电话",
            "出勤天数",
            "结业",
            "取得证书或技能",
            "证书编号",
            "补贴标准（元/天）",
            "应发补贴（元）",
        ],
        roster,
        widths=[6, 30, 10, 20, 6, 12, 20, 14, 8, 6, 30, 18, 12, 12],
    )
    info = book.create_sheet("说明")
    info.append(inert_row(info, [f"范围：{scope_label}。身份证号码和电话已隐去中间位。"]))
    info.append(
        [
            "补贴按出勤天数×补贴标准计算；东西部扶贫协作资金支付的班级不向非贫困学员发放补贴"
            "（整改第57项）。"
        ]
    )
    return book, len(roster)


def subsidy_workbook(sources: list[SourceTotals], total: SourceTotals, classes) -> Workbook:
    """The subsidy report: per funding source, then per class."""
    book = _book()
    write_table(
        book.create_sheet("按资金来源"),
        [
            "资金来源",
            "培训班（期）",
            "贫困学员（人）",
            "贫困学员出勤（人天）",
            "贫困学员补贴（元）",
            "非贫困学员（人）",
            "非贫困学员出勤（人天）",
            "非贫困学员补贴（元）",
            "其中不发补贴的非贫困学员（人）",
            "补贴合计（元）",
        ],
        [
            [
                s.source,
                s.classes,
                s.poor,
                s.poor_days,
                _money(s.poor_subsidy),
                s.non_poor,
                s.non_poor_days,
                _money(s.non_poor_subsidy),
                s.unpaid_non_poor,
                _money(s.total),
            ]
            for s in [*sources, total]
        ],
        widths=[20, 10, 10, 12, 14, 10, 12, 14, 16, 14],
    )
    write_table(
        book.create_sheet("按培训班"),
        [
            "培训班名称",
            "工种",
            "资金来源",
            "举办乡镇（街道）",
            "开班日期",
            "结业日期",
            "状态",
            "贫困学员（人）",
            "贫困学员出勤（人天）",
            "贫困学员补贴（元/天）",
            "贫困学员补贴（元）",
            "非贫困学员（人）",
            "非贫困学员出勤（人天）",
            "非贫困学员补贴（元/天）",
            "非贫困学员补贴（元）",
            "补贴合计（元）",
            "是否符合整改第57项",
        ],
        [
            [
                c.name,
                c.trade.name,
                c.funding_source,
                c.township.name if c.township else "县级",
                c.start_date,
                c.end_date,
                c.status,
                c.poor_count,
                c.poor_days,
                _money(c.poor_daily_subsidy),
                _money(c.poor_subsidy),
                c.non_poor_count,
                c.non_poor_days,
                _money(c.daily_rate(poor=False)),
                _money(c.non_poor_subsidy),
                _money(c.subsidy_total),
                "否：" + "；".join(c.subsidy_errors().values()) if c.subsidy_errors() else "是",
            ]
            for c in classes
        ],
        widths=[30, 12, 18, 14, 12, 12, 8, 10, 12, 12, 12, 10, 12, 12, 12, 12, 30],
    )
    return book


def loan_ledger(loans: QuerySet) -> tuple[Workbook, int]:
    book = _book()
    rows = [
        [
            index,
            loan.laborer.name,
            mask_id_number(loan.laborer.id_number),
            f"{loan.laborer.household.village.township.name} {loan.laborer.household.village.name}",
            loan.project,
            loan.bank,
            _money(loan.amount),
            loan.status,
            loan.applied_on,
            loan.disbursed_on,
            loan.due_on,
            loan.repaid_on,
            loan.note,
        ]
        for index, loan in enumerate(
            loans.select_related("laborer__household__village__township"), start=1
        )
    ]
    write_table(
        book.create_sheet("创业担保贷款台账"),
        [
            "序号",
            "姓名",
            "身份证号码",
            "所在村（社区）",
            "创业项目",
            "承贷银行",
            "贷款金额（元）",
            "状态",
            "申请日期",
            "发放日期",
            "到期日期",
            "还清日期",
            "备注",
        ],
        rows,
        widths=[6, 10, 20, 20, 24, 20, 12, 8, 12, 12, 12, 12, 24],
    )
    return book, len(rows)


def station_ledger(stations: QuerySet, *, user: Any, day: datetime.date) -> tuple[Workbook, int]:
    """Stations with their occupant now (named only when the user may see the laborer)."""
    book = _book()
    stations = list(stations.order_by("base", "number"))
    current = {
        o.station_id: o
        for o in StationOccupancy.objects.filter(station__in=stations)
        .current_on(day)
        .select_related("laborer__household__village__township")
    }
    visible = set(
        StationOccupancy.objects.visible_to(user)
        .filter(pk__in=[o.pk for o in current.values()])
        .values_list("pk", flat=True)
    )
    rows = []
    for index, station in enumerate(stations, start=1):
        occupancy = current.get(station.pk)
        shown = occupancy is not None and occupancy.pk in visible
        laborer = occupancy.laborer if shown else None
        rows.append(
            [
                index,
                station.base,
                station.number,
                station.opened_on,
                _yes(station.is_active),
                "空闲" if occupancy is None else "已入驻",
                laborer.name if laborer else ("（其他乡镇）" if occupancy else ""),
                mask_id_number(laborer.id_number) if laborer else "",
                laborer.household.village.township.name if laborer else "",
                occupancy.business if shown else "",
                occupancy.start_date if occupancy else None,
            ]
        )
    write_table(
        book.create_sheet("创业工位台账"),
        [
            "序号",
            "孵化基地",
            "工位编号",
            "投入使用日期",
            "在用",
            "入驻情况",
            "入驻的贫困高校毕业生",
            "身份证号码",
            "乡镇（街道）",
            "创业项目",
            "入驻日期",
        ],
        rows,
        widths=[6, 24, 10, 12, 6, 10, 14, 20, 12, 24, 12],
    )
    return book, len(rows)
