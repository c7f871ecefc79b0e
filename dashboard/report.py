"""The dashboard as a workbook (目标完成情况报表): the targets, the areas against the main
targets, the warnings and the quarter-end snapshots, in Chinese, named with the business
date. The same ``Board`` the page shows, so the workbook holds the page's figures."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from cases.selectors import Handling
from dashboard.selectors import Board
from xiushan_jobs.lib.xlsx import inert_row, write_table

TITLE_FONT = Font(bold=True, size=14)
WRAP = Alignment(wrap_text=True, vertical="top")


def file_name(board: Board) -> str:
    return f"就业扶贫目标完成情况_{board.area_label}_{board.day:%Y%m%d}.xlsx"


def _title(sheet, text: str) -> None:
    sheet.append(inert_row(sheet, [text]))
    sheet.cell(row=1, column=1).font = TITLE_FONT


def _number(value):
    return None if value is None else float(value) if not float(value).is_integer() else int(value)


def dashboard_workbook(board: Board, handling: Handling | None = None) -> Workbook:
    book = Workbook()
    _targets_sheet(book.active, board)
    _areas_sheet(book.create_sheet(), board)
    _warnings_sheet(book.create_sheet("预警"), board)
    if handling is not None:
        _handling_sheet(book.create_sheet("预警处置"), board, handling)
    _quarters_sheet(book.create_sheet("季度末快照"), board)
    return book


def _handling_sheet(sheet, board: Board, handling: Handling) -> None:
    """处置率, 及时率 and median days per township and per rule: the page's figures."""
    _title(sheet, f"{handling.year}年预警处置情况（{board.area_label}，截至{board.day:%Y-%m-%d}）")
    headers = [
        "",
        "预警",
        "处置中",
        "逾期",
        "报县督办",
        "已处置",
        "处置率%",
        "按时处置",
        "及时率%",
        "解除天数中位数",
    ]
    rows = []
    for heading, group in (("乡镇（街道）", handling.by_township), ("预警", handling.by_rule)):
        rows.append([heading])
        for row in [*group, handling.total]:
            rows.append(
                [
                    row.label,
                    row.total,
                    row.open,
                    row.overdue,
                    row.escalated,
                    row.handled,
                    row.handling_rate,
                    row.on_time,
                    row.on_time_rate,
                    _number(row.median_days),
                ]
            )
    write_table(sheet, headers, rows, widths=[34] + [10] * (len(headers) - 1))


def _targets_sheet(sheet, board: Board) -> None:
    sheet.title = "目标完成情况"
    _title(
        sheet,
        f"秀山县{board.year}年就业扶贫目标完成情况（{board.area_label}，截至{board.day:%Y年%-m月%-d日}）",
    )
    rows = []
    for card in board.cards:
        target, reading = card.target, card.reading
        progress = reading.progress if reading else None
        extras = "；".join(
            f"{link.label}：{link.value:,} {unit}"
            for link, unit in (reading.extras if reading else ())
        )
        if card.current is not None:
            current = card.current
            extras = "；".join(
                filter(
                    None,
                    [
                        extras,
                        f"按完成时限 {reading.day:%Y-%m-%d} 考核；当前 {current.numerator.value:,}"
                        + (f" / {current.denominator.value:,}" if current.denominator else ""),
                    ],
                )
            )
        rows.append(
            [
                target.number,
                target.title,
                target.source_section,
                target.source_text,
                card.metric.explanation if card.metric else "",
                _number(target.figure),
                target.unit,
                "不超过" if target.at_most else "不少于",
                card.deadline or target.deadline,
                _number(progress.value) if progress else None,
                reading.numerator.value if reading else None,
                reading.denominator.value if reading and reading.denominator else None,
                round(progress.ratio * 100, 1) if progress and progress.ratio is not None else None,
                progress.expected_pct if progress and progress.ratio is not None else None,
                progress.status.label if progress else "暂无数据",
                card.unavailable or (reading.numerator.label if reading else ""),
                extras,
            ]
        )
    write_table(
        sheet,
        [
            "序号",
            "目标",
            "出处",
            "方案原文",
            "说明（口径与可调整的判断）",
            "目标值",
            "单位",
            "达标方向",
            "完成时限",
            "当前值",
            "数量（分子）",
            "分母",
            "完成进度（%）",
            "序时进度（%）",
            "状态",
            "口径",
            "旁列数字",
        ],
        rows,
        widths=[6, 28, 14, 48, 60, 9, 6, 9, 12, 10, 12, 10, 12, 12, 11, 36, 36],
    )
    for row in sheet.iter_rows(min_row=3):
        for cell in row:
            cell.alignment = WRAP


def _areas_sheet(sheet, board: Board) -> None:
    area = "乡镇（街道）" if board.area_kind == "township" else "村（社区）"
    sheet.title = "各乡镇对比" if board.area_kind == "township" else "各村对比"
    _title(sheet, f"各{area}主要目标完成情况（{board.area_label}，截至{board.day:%Y-%m-%d}）")
    headers = [area]
    for target in board.table_targets:
        name = f"{target.number}.{target.title}"
        if target.is_rate:
            headers += [f"{name}（分子）", f"{name}（分母）", f"{name}（%）"]
        else:
            headers.append(f"{name}（{target.unit}）")
    rows = []
    for row in board.rows:
        out = [row.area.name]
        for target, reading in zip(board.table_targets, row.readings, strict=True):
            if reading is None:
                out += [None, None, None] if target.is_rate else [None]
            elif target.is_rate:
                out += [
                    reading.numerator.value,
                    reading.denominator.value,
                    _number(reading.progress.value),
                ]
            else:
                out.append(reading.numerator.value)
        rows.append(out)
    write_table(sheet, headers, rows, widths=[14] + [12] * (len(headers) - 1), autofilter=True)


def _warnings_sheet(sheet, board: Board) -> None:
    _title(sheet, f"预警与整改（{board.area_label}，截至{board.day:%Y-%m-%d}）")
    if board.past:
        rows = [["预警是当前的情况，按日期回看的报表不列预警。", None, ""]]
    else:
        rows = [[w.label, w.count, w.help] for w in board.warnings or ()]
    if board.rectification:
        for key in ("overdue", "quarterly_missing"):
            link = board.rectification[key]
            rows.append([f"整改任务{link.label}", link.value, ""])
    if board.warnings is None and not board.past:
        rows.append(["预警按用户本人辖区统计，请在本人的看板导出。", None, ""])
    write_table(sheet, ["项目", "数量", "说明"], rows, widths=[40, 10, 70])


def _quarters_sheet(sheet, board: Board) -> None:
    _title(sheet, f"{board.year}年各季度末指标快照（{board.area_label}）")
    headers = ["序号", "目标", "单位"] + [f"{end:%Y-%m-%d}" for end in board.quarter_ends]
    rows = []
    for card in board.cards:
        values = []
        for quarter in range(1, 5):
            snapshot = card.quarters.get(quarter)
            values.append(_number(snapshot.value) if snapshot else None)
        rows.append([card.target.number, card.target.title, card.target.unit, *values])
    write_table(sheet, headers, rows, widths=[6, 30, 6, 12, 12, 12, 12])
    sheet.append([])
    sheet.append(
        [
            "季度末数值是系统当日自动记下的指标，之后不再随数据变化；开始记录以前的季度末按各项"
            "记录的日期推算；空白表示该季度末尚未到来。"
        ]
    )
