"""Reading what people upload: sniffing by content, limits, bad files, header finding."""

import io
import zipfile

import openpyxl
import pytest

from xiushan_jobs.lib.importing import Column, HeaderNotFound, find_header
from xiushan_jobs.lib.spreadsheet import Limits, SpreadsheetError, open_table


def _xlsx(rows) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_rows_are_numbered_as_excel_shows_them():
    data = _xlsx([["标题"], [], ["姓名", "身份证号"], ["张三", "x"]])
    table = open_table(data, "a.xlsx", Limits())
    rows = list(table.rows)
    assert rows[2][:2] == ["姓名", "身份证号"] and rows[3][0] == "张三"


def test_content_decides_not_the_file_name():
    data = _xlsx([["姓名"], ["张三"]])
    assert open_table(data, "renamed.csv", Limits()).kind == "xlsx"
    with pytest.raises(SpreadsheetError, match="PDF"):
        open_table(b"%PDF-1.4 ...", "survey.xlsx", Limits())
    with pytest.raises(SpreadsheetError, match="网页"):
        open_table("<html><table><tr><td>姓名</td></tr></table></html>".encode(), "s.xls", Limits())
    with pytest.raises(SpreadsheetError, match="不是表格文件"):
        open_table(bytes(range(256)) * 10, "s.xlsx", Limits())


def test_word_document_and_plain_zip_are_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<doc/>")
    with pytest.raises(SpreadsheetError, match="Word"):
        open_table(out.getvalue(), "s.xlsx", Limits())


def test_zip_bomb_is_refused_without_unpacking():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (3 * 1024 * 1024))
    data = out.getvalue()
    assert len(data) < 20_000  # tiny on disk
    with pytest.raises(SpreadsheetError, match="解压后超过"):
        open_table(data, "bomb.xlsx", Limits(max_unzipped_bytes=1024 * 1024))


def test_an_opendocument_mimetype_is_never_inflated():
    """An .ods-shaped zip whose ``mimetype`` member unpacks to 50 MB: at most a few bytes
    of it are read (the zip-bomb guard must not be bypassed by the file-kind check)."""
    import tracemalloc

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", b"\0" * (50 * 1024 * 1024))
        archive.writestr("content.xml", "<office:document-content/>")
    data = out.getvalue()
    assert len(data) < 200_000
    tracemalloc.start()
    try:
        with pytest.raises(SpreadsheetError, match="不是表格文件"):
            open_table(data, "bomb.ods", Limits())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 5 * 1024 * 1024


def test_an_opendocument_without_its_mimetype_is_refused_cleanly():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("content.xml", "<office:document-content/>")
    with pytest.raises(SpreadsheetError, match="不是表格文件"):
        open_table(out.getvalue(), "broken.ods", Limits())


def test_size_and_row_limits():
    data = _xlsx([["姓名"]] + [["张三"]] * 60)
    with pytest.raises(SpreadsheetError, match="文件太大"):
        open_table(data, "a.xlsx", Limits(max_bytes=1024))
    with pytest.raises(SpreadsheetError, match="超过每个文件 30 行"):
        open_table(data, "a.xlsx", Limits(max_rows=30))
    with pytest.raises(SpreadsheetError, match="超过每个文件 30 行"):
        open_table(("姓名\n" + "张三\n" * 60).encode(), "a.csv", Limits(max_rows=30))


def test_password_protected_workbook_is_refused():
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = io.BytesIO(_xlsx([["姓名"], ["张三"]]))
    encrypted = io.BytesIO()
    OOXMLFile(plain).encrypt("secret", encrypted)
    with pytest.raises(SpreadsheetError, match="密码"):
        open_table(encrypted.getvalue(), "locked.xlsx", Limits())


def test_empty_and_undecodable_files():
    with pytest.raises(SpreadsheetError, match="空"):
        open_table(b"", "a.csv", Limits())
    with pytest.raises(SpreadsheetError, match="空"):
        open_table(b"\xef\xbb\xbf\r\n", "a.csv", Limits())
    assert list(open_table("姓名\n张三\n".encode("gbk"), "a.csv", Limits()).rows) == [
        ["姓名"],
        ["张三"],
    ]
    assert next(open_table("\ufeff姓名\n张三\n".encode(), "a.csv", Limits()).rows) == ["姓名"]


COLUMNS = [
    Column("name", "姓名", required=True),
    Column("id_number", "身份证号码", aliases=("身份证号", "公民身份号码"), required=True),
    Column("village", "村（社区）", aliases=("村", "所在村（社区）")),
    Column("place", "原务工地点", aliases=("务工地点",)),
    Column("status", "就业状态"),
]


def test_header_found_below_a_title_with_wording_variants():
    header = find_header(
        [
            ["2020年调查表"],
            ["姓  名", "公民身份\n号码", "所在村(社区)*", "备用"],
            ["张三", "1", "凤鸣村"],
        ],
        COLUMNS,
    )
    assert (header.first_row, header.last_row) == (1, 1)
    assert header.positions == {"name": 0, "id_number": 1, "village": 2}
    assert header.as_written("id_number") == "公民身份 号码"
    assert header.unknown == ["备用"]


def test_two_row_header_with_merged_group_cells():
    rows = [
        ["调查表", "", "", ""],
        ["姓名", "身份证号", "就业情况", ""],
        ["", "", "就业状态", "务工地点"],
        ["张三", "x", "务工", "广东"],
    ]
    header = find_header(rows, COLUMNS)
    assert (header.first_row, header.last_row) == (1, 2)
    assert header.positions == {"name": 0, "id_number": 1, "status": 2, "place": 3}
    assert header.as_written("place") == "务工地点"


def test_no_header_names_the_columns_it_looked_for():
    with pytest.raises(HeaderNotFound, match="姓名、身份证号码"):
        find_header([["a", "b"], ["1", "2"]], COLUMNS)


def _ods(rows) -> bytes:
    """A minimal OpenDocument spreadsheet, as LibreOffice or WPS would save it."""
    cells = "".join(
        "<table:table-row>"
        + "".join(
            f'<table:table-cell office:value-type="string"><text:p>{v}</text:p></table:table-cell>'
            for v in row
        )
        + "</table:table-row>"
        for row in rows
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="调查表">{cells}'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"
        )
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", manifest)
    return out.getvalue()


def test_ods():
    table = open_table(
        _ods([["姓名", "身份证号码"], ["张三", "50024119850615001X"]]), "s.ods", Limits()
    )
    assert table.kind == "ods"
    assert list(table.rows) == [["姓名", "身份证号码"], ["张三", "50024119850615001X"]]


def test_damaged_workbooks():
    data = _xlsx([["姓名"], ["张三"]])
    with pytest.raises(SpreadsheetError, match="损坏"):
        open_table(data[: len(data) // 2], "cut.xlsx", Limits())
    legacy = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    with pytest.raises(SpreadsheetError, match="无法读取"):
        open_table(legacy, "old.xls", Limits())
