"""The bulletin as an official document (GB/T 9704—2012 layout), written with python-docx.

A4 with the standard's margins (top 37 mm, bottom 35 mm, left 28 mm, right 26 mm); the red
版头 with the 发文字号 under it and the red separator line; the title in 小标宋 二号; body in
仿宋 三号 (16 pt) at a fixed 28.9 pt line pitch (22 lines a page) with two-character first-line
indents; 一、 headings in 黑体 and （一） headings in 楷体; tables in 仿宋 四号; the issuing
office and date at the end; page numbers “— 1 —” in 宋体 四号 at the foot.

Chinese official fonts are named as the standard names them (仿宋_GB2312, 方正小标宋简体…) with
a common font after each (仿宋, 宋体…) in Word's alternate-name slot; a machine with neither
substitutes its own CJK font (LibreOffice: Noto CJK or WenQuanYi from the system packages).
"""

from __future__ import annotations

import datetime
from io import BytesIO
from typing import Any

from django.conf import settings
from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from lxml import etree

from bulletins.compile import MARK_LABELS
from xiushan_jobs.lib.clock import today
from xiushan_jobs.lib.text import strip_invisible

RED = RGBColor(0xFF, 0x00, 0x00)
#: (the standard's font, what to use where it is missing)
FANGSONG = ("仿宋_GB2312", "仿宋")
XIAOBIAOSONG = ("方正小标宋简体", "宋体")
HEITI = ("黑体", "黑体")
KAITI = ("楷体_GB2312", "楷体")
SONGTI = ("宋体", "宋体")
OFFICIAL_FONTS = (FANGSONG, XIAOBIAOSONG, KAITI)
SIZE_2, SIZE_3, SIZE_4 = Pt(22), Pt(16), Pt(14)
LINE_PITCH = Pt(28.9)
MARK_COLOURS = {"green": "C6EFCE", "amber": "FFEB9C", "red": "FFC7CE"}


def _font(run, font: tuple[str, str], size, *, bold=False, colour=None) -> None:
    name, _fallback = font
    run.font.size = size
    run.font.bold = bold
    run.font.name = "Times New Roman"
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)
    fonts.set(qn("w:hint"), "eastAsia")
    if colour is not None:
        run.font.color.rgb = colour


def _paragraph(
    doc,
    text="",
    *,
    font=FANGSONG,
    size=SIZE_3,
    align=None,
    indent=True,
    bold=False,
    colour=None,
    space_before=0,
    exact=True,
):
    paragraph = doc.add_paragraph()
    fmt = paragraph.paragraph_format
    if exact:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = LINE_PITCH
    fmt.space_before = Pt(space_before)
    fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(size.pt * 2)
    if align is not None:
        paragraph.alignment = align
    if text:
        # rows stored before the input rule may hold controls no XML document can carry
        _font(paragraph.add_run(strip_invisible(text)), font, size, bold=bold, colour=colour)
    return paragraph


def _red_line(paragraph) -> None:
    """The separator under the 版头: a red bottom border on its paragraph."""
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (
        ("w:val", "single"),
        ("w:sz", "18"),
        ("w:space", "4"),
        ("w:color", "FF0000"),
    ):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _page_numbers(section) -> None:
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(footer.add_run("— "), SONGTI, SIZE_4)
    run = footer.add_run()
    _font(run, SONGTI, SIZE_4)
    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)
    _font(footer.add_run(" —"), SONGTI, SIZE_4)


#: text width of a landscape page (297 mm less the margins turned with it)
LANDSCAPE_TEXT_WIDTH = 297 - 37 - 35


def _page_layout(section, *, landscape: bool) -> None:
    """A4 with GB/T 9704's margins (turned with the page on a landscape one)."""
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
        section.top_margin, section.bottom_margin = Mm(28), Mm(26)
        section.left_margin, section.right_margin = Mm(37), Mm(35)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(20)


def _page_section(doc, *, landscape: bool) -> None:
    """A new page in the given orientation; its footer (the page number) is the first's."""
    _page_layout(doc.add_section(WD_SECTION.NEW_PAGE), landscape=landscape)


def _shade(cell, colour: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    cell._tc.get_or_add_tcPr().append(shading)


def _table(
    doc,
    headers: list[str],
    rows: list[list[Any]],
    marks: list[list[str]] | None = None,
    widths: list[float] | None = None,
):
    """A grid table in 仿宋 五号; ``widths`` in millimetres (the text width is 156 mm)."""
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = widths is None
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        _font(cell.paragraphs[0].add_run(strip_invisible(header)), HEITI, Pt(10.5))
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for index, row in enumerate(rows):
        cells = table.add_row().cells
        for column, (cell, value) in enumerate(zip(cells, row, strict=True)):
            cell.text = ""
            text = "" if value is None else strip_invisible(str(value))
            _font(cell.paragraphs[0].add_run(text), FANGSONG, Pt(10.5))
            mark = marks[index][column] if marks else ""
            if mark in MARK_COLOURS:
                _shade(cell, MARK_COLOURS[mark])
    if widths:
        for column, width in zip(table.columns, widths, strict=True):
            column.width = Mm(width)  # the grid LibreOffice lays out by
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = Mm(width)
    return table


def _heading(doc, text: str, level: int = 1) -> None:
    _paragraph(doc, text, font=HEITI if level == 1 else KAITI, space_before=6)


def _text_block(doc, text: str) -> None:
    for line in (text or "").splitlines():
        if line.strip():
            _paragraph(doc, line.strip())


def _fallback_font_table(doc) -> None:
    """Name a common font as each official font's alternate, for machines without it."""
    fonts_part = None
    for rel in doc.part.rels.values():
        if rel.reltype.endswith("/fontTable"):
            fonts_part = rel.target_part
    if fonts_part is None:
        return
    root = parse_xml(fonts_part.blob)
    existing = {f.get(qn("w:name")) for f in root.findall(qn("w:font"))}
    for name, fallback in OFFICIAL_FONTS:
        if name in existing:
            continue
        font = OxmlElement("w:font")
        font.set(qn("w:name"), name)
        alt = OxmlElement("w:altName")
        alt.set(qn("w:val"), fallback)
        font.append(alt)
        charset = OxmlElement("w:charset")
        charset.set(qn("w:val"), "86")  # GB2312
        font.append(charset)
        root.append(font)
    fonts_part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def bulletin_docx(bulletin, figures: dict[str, Any], *, office: str | None = None) -> bytes:
    """The Word document of ``bulletin`` with ``figures`` (its frozen ones once issued)."""
    office = office or f"{settings.XJ_COUNTY_NAME}就业扶贫工作领导小组办公室"
    doc = Document()
    _page_layout(doc.sections[0], landscape=False)
    _page_numbers(doc.sections[0])

    # 版头: the issuer's mark in red, the 发文字号, the red separator line
    _paragraph(
        doc,
        f"{settings.XJ_COUNTY_NAME}就业扶贫工作通报",
        font=XIAOBIAOSONG,
        size=Pt(32),
        align=WD_ALIGN_PARAGRAPH.CENTER,
        indent=False,
        colour=RED,
        exact=False,
    )
    number = _paragraph(
        doc,
        bulletin.doc_number or "（草稿，未编号）",
        align=WD_ALIGN_PARAGRAPH.CENTER,
        indent=False,
        space_before=12,
    )
    _red_line(number)

    as_of = datetime.date.fromisoformat(figures["as_of"])
    _paragraph(doc, "", indent=False)
    _paragraph(
        doc,
        bulletin.title,
        font=XIAOBIAOSONG,
        size=SIZE_2,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        indent=False,
        exact=False,
    )
    _paragraph(doc, "", indent=False)
    _paragraph(doc, "各乡镇（街道）、县级有关部门：", indent=False)
    targets = figures["targets"]
    counts = "，".join(
        f"{c['label']} {c['count']} 项" for c in figures["status_counts"] if c["count"]
    )
    _paragraph(
        doc,
        f"现将截至{as_of.year}年{as_of.month}月{as_of.day}日全县就业扶贫 {len(targets)} 项"
        f"主要目标进展、乡镇（街道）排名及存在的问题通报如下（{counts}）。",
    )

    _heading(doc, "一、主要目标进展")
    _table(
        doc,
        ["序号", "目标", "目标值", "当前值", "完成时限", "进度"],
        [
            [
                t["number"],
                t["title"],
                f"{t['figure']}{t['unit']}",
                f"{t['value']}{t['unit'] if t['value'] else ''}",
                t["deadline"],
                t["status_label"],
            ]
            for t in targets
        ],
        [["", "", "", t["mark"], "", t["mark"]] for t in targets],
        widths=[12, 50, 20, 22, 28, 24],
    )

    # the ranking is wide (a column a target): a landscape page of its own
    ranking = figures["ranking"]
    _page_section(doc, landscape=True)
    _heading(doc, "二、乡镇（街道）排名")
    _paragraph(
        doc,
        "按各乡镇（街道）在下列目标上的完成程度（当前值与目标值之比，最高计 1）平均排序；"
        "绿：已完成或进度正常，黄：进度滞后，红：逾期未完成。"
        + "；".join(f"目标{t['number']}：{t['title']}（{t['unit']}）" for t in ranking["targets"])
        + "。",
    )
    headers = ["名次", "乡镇（街道）", *[f"目标{t['number']}" for t in ranking["targets"]], "综合"]
    rows, marks = [], []
    for row in ranking["rows"]:
        rows.append(
            [row["rank"], row["township"]]
            + [f"{c['value']}{MARK_LABELS[c['mark']] if c['mark'] else ''}" for c in row["cells"]]
            + ["" if row["score"] is None else f"{row['score']}"]
        )
        marks.append(["", ""] + [c["mark"] for c in row["cells"]] + [""])
    columns = len(ranking["targets"])
    cell = round((LANDSCAPE_TEXT_WIDTH - 12 - 26 - 16) / max(columns, 1), 1)
    _table(doc, headers, rows, marks, widths=[12, 26, *[cell] * columns, 16])
    _page_section(doc, landscape=False)

    _heading(doc, "三、预警和数据质量")
    for line in figures["warnings"]:
        if line["count"]:
            _paragraph(doc, f"{line['label']}：{line['count']}。")
    for line in figures["quality"]:
        if line["count"]:
            _paragraph(doc, f"{line['label']}：{line['count']} 条。")

    _heading(doc, "四、逾期未销号的整改任务")
    if figures["overdue_tasks"]:
        _table(
            doc,
            ["措施序号", "整改措施", "整改期限", "牵头单位"],
            [
                [t["number"], t["measure"], t["deadline"], t["lead_unit"]]
                for t in figures["overdue_tasks"]
            ],
        )
    else:
        _paragraph(doc, "截至统计日，没有逾期未销号的整改任务。")

    _heading(doc, "五、存在的问题和整改建议")
    _text_block(doc, bulletin.problems or "（无）")
    _heading(doc, "六、下步工作")
    _text_block(doc, bulletin.next_steps or "（无）")

    _paragraph(doc, "", indent=False)
    _paragraph(doc, office, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    day = today()  # the day it is issued (an issued bulletin's document is kept from then)
    _paragraph(
        doc, f"{day.year}年{day.month}月{day.day}日", align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False
    )

    _fallback_font_table(doc)
    buffer = BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
