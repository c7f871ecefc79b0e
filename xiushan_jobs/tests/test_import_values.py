import datetime

import pytest

from xiushan_jobs.lib.dates import parse_date
from xiushan_jobs.lib.values import ChoiceParser, parse_code, parse_id_cell, parse_whole_number


@pytest.mark.parametrize(
    "value, expected",
    [
        (datetime.date(2020, 3, 5), datetime.date(2020, 3, 5)),
        (datetime.datetime(2020, 3, 5, 0, 0), datetime.date(2020, 3, 5)),
        (43895.0, datetime.date(2020, 3, 5)),  # Excel serial number
        ("43895", datetime.date(2020, 3, 5)),  # a serial that arrived as text (CSV)
        ("2020.3.5", datetime.date(2020, 3, 5)),
        ("2020/03/05", datetime.date(2020, 3, 5)),
        ("2020-3-5", datetime.date(2020, 3, 5)),
        ("2020年3月5日", datetime.date(2020, 3, 5)),
        (" ２０２０年３月５日 ", datetime.date(2020, 3, 5)),
        ("2020年3月", datetime.date(2020, 3, 1)),
        ("2020.03", datetime.date(2020, 3, 1)),
        (2020.3, datetime.date(2020, 3, 1)),  # typed into a number cell
        (20200305, datetime.date(2020, 3, 5)),
        ("", None),
        (None, None),
    ],
)
def test_parse_date_accepts_the_forms_people_type(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", ["2020.2.30", "明年", "2020.13.1", 12.5, 2020.1, "3/5"])
def test_parse_date_refuses_with_a_chinese_message(value):
    with pytest.raises(ValueError, match="日期"):
        parse_date(value)


def test_id_number_that_arrived_as_a_number_is_an_error_never_a_guess():
    with pytest.raises(ValueError) as excinfo:
        parse_id_cell(5.0024119850615e17)
    assert "500241198506150000" in str(excinfo.value)
    assert "文本" in str(excinfo.value)
    assert parse_id_cell(" ５００２４１１９８５０６１５００１ｘ ") == "50024119850615001X"


@pytest.mark.parametrize("text", ["5.00241E+17", "5.00241e+17", "5E+17", "5.0024119850615E17"])
def test_id_number_in_scientific_notation_from_a_csv_is_named_as_such(text):
    with pytest.raises(ValueError, match=r"科学计数法.*文本"):
        parse_id_cell(text)


def test_codes_and_whole_numbers():
    assert parse_code(13800138000.0, what="联系电话") == "13800138000"
    assert parse_code(" H 001 ") == "H001"
    with pytest.raises(ValueError, match="15 位"):
        parse_code(1.23456789012345678e17)
    assert parse_whole_number("2019年") == 2019
    assert parse_whole_number(2019.0) == 2019
    assert parse_whole_number("") is None
    with pytest.raises(ValueError, match="整数"):
        parse_whole_number("二〇一九")


def test_choice_by_chinese_label_ignoring_width_spaces_and_aliases():
    parse = ChoiceParser(
        [("中专（中职）", "中专（中职）"), ("小学", "小学")],
        what="文化程度",
        aliases={"中职": "中专（中职）"},
    )
    assert parse("中专(中职)") == "中专（中职）"
    assert parse(" 小 学 ") == "小学"
    assert parse("中职") == "中专（中职）"
    assert parse("") == ""
    with pytest.raises(ValueError, match="文化程度“硕士”不是可选项"):
        parse("硕士")
