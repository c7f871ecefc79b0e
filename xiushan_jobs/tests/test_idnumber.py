import datetime

import pytest
from django.core.exceptions import ValidationError

from xiushan_jobs.lib.idnumber import (
    FEMALE,
    MALE,
    mask_id_number,
    normalize_id_number,
    parse_id_number,
    with_check_digit,
)

# 11010519491231002X is the standard's own worked example (GB 11643-1999, appendix).
STANDARD_EXAMPLE = "11010519491231002X"
TODAY = datetime.date(2020, 6, 15)


def test_standard_example_is_valid_and_derives_birth_date_and_sex():
    facts = parse_id_number(STANDARD_EXAMPLE, today=TODAY)
    assert facts.number == STANDARD_EXAMPLE
    assert facts.birth_date == datetime.date(1949, 12, 31)
    assert facts.sex == FEMALE  # 17th digit 2 is even


def test_male_when_17th_digit_is_odd():
    number = with_check_digit("50024119850615001")
    assert parse_id_number(number, today=TODAY).sex == MALE


def test_lower_case_x_is_upper_cased():
    assert parse_id_number(STANDARD_EXAMPLE.lower(), today=TODAY).number == STANDARD_EXAMPLE


def test_full_width_digits_letters_and_spaces_are_normalised():
    full_width = " １１０１０５ １９４９１２３１００２ｘ　"
    assert normalize_id_number(full_width) == STANDARD_EXAMPLE
    assert parse_id_number(full_width, today=TODAY).number == STANDARD_EXAMPLE


def test_wrong_check_digit_is_refused_with_the_expected_one():
    with pytest.raises(ValidationError) as exc:
        parse_id_number("110105194912310021", today=TODAY)
    assert exc.value.code == "checksum"
    assert "应为 X" in exc.value.messages[0]


def test_impossible_birth_date_is_refused():
    number = with_check_digit("50024119850230001")  # 30 February
    with pytest.raises(ValidationError) as exc:
        parse_id_number(number, today=TODAY)
    assert exc.value.code == "birth_date"
    assert "1985-02-30" in exc.value.messages[0]


def test_birth_date_in_the_future_is_refused():
    number = with_check_digit("50024120210101001")
    with pytest.raises(ValidationError) as exc:
        parse_id_number(number, today=TODAY)
    assert exc.value.code == "birth_date"


def test_county_code_is_valid_for_people_born_before_1997():
    """500241 dates from 1997; people born earlier carry it (DOMAIN.md). stdnum's own
    validate() would reject this number."""
    number = with_check_digit("50024119620304001")
    from stdnum.cn import ric

    assert not ric.is_valid(number)  # the trap this module avoids
    assert parse_id_number(number, today=TODAY).birth_date == datetime.date(1962, 3, 4)


def test_unknown_region_code_is_refused():
    number = with_check_digit("99999919850615001")
    with pytest.raises(ValidationError) as exc:
        parse_id_number(number, today=TODAY)
    assert exc.value.code == "region"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("", "required"),
        ("5002411985061500", "length"),
        ("50024119850615001X1", "length"),
        ("5002411985061500AX", "format"),
    ],
)
def test_malformed_numbers(value, code):
    with pytest.raises(ValidationError) as exc:
        parse_id_number(value, today=TODAY)
    assert exc.value.code == code


def test_excel_number_with_lost_digits_fails_the_check_digit():
    """Excel keeps 15 significant digits: 500241198506150017 becomes 500241198506150000."""
    original = with_check_digit("50024119850615001")
    mangled = original[:15] + "000"
    assert mangled != original
    with pytest.raises(ValidationError):
        parse_id_number(mangled, today=TODAY)


def test_mask_keeps_region_and_last_four():
    assert mask_id_number(STANDARD_EXAMPLE) == "110105********002X"
    assert mask_id_number("") == ""
