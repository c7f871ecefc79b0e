import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError

from xiushan_jobs.lib import clock
from xiushan_jobs.lib.env import env_bool, env_date, env_int, env_list
from xiushan_jobs.lib.phone import mask_phone, normalize_phone, validate_mobile
from xiushan_jobs.lib.text import clean_text, normalize_label, squeeze, to_halfwidth
from xiushan_jobs.lib.values import parse_yes_no


def test_halfwidth_and_space_folding():
    assert to_halfwidth("ＡＢＣ１２３（）") == "ABC123()"
    assert clean_text("  张\u3000 三 \n") == "张 三"
    assert squeeze(" 姓 名 ") == "姓名"
    assert normalize_label("村（社区）") == normalize_label("村(社区)")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("138 0013 8000", "13800138000"),
        ("+86 13800138000", "13800138000"),
        ("１３８００１３８０００", "13800138000"),
        ("138-0013-8000", "13800138000"),
    ],
)
def test_phone_normalisation(raw, expected):
    assert normalize_phone(raw) == expected
    validate_mobile(normalize_phone(raw))


@pytest.mark.parametrize("bad", ["12800138000", "1380013800", "023-76661234"])
def test_phone_validation_refuses_non_mobile(bad):
    with pytest.raises(ValidationError):
        validate_mobile(normalize_phone(bad))


def test_phone_mask():
    assert mask_phone("13800138000") == "138****8000"


@pytest.mark.parametrize("yes", ["是", "有", "√", " 是 ", "Y", 1, True])
def test_yes(yes):
    assert parse_yes_no(yes) is True


@pytest.mark.parametrize("no", ["否", "无", "", None, 0, False])
def test_no(no):
    assert parse_yes_no(no) is False


def test_yes_no_refuses_other_words():
    with pytest.raises(ValueError, match="不是“是”或“否”"):
        parse_yes_no("也许")


def test_env_helpers_fail_loudly(monkeypatch):
    monkeypatch.setenv("X_BOOL", "maybe")
    with pytest.raises(ImproperlyConfigured, match="X_BOOL"):
        env_bool("X_BOOL")
    monkeypatch.setenv("X_INT", "ten")
    with pytest.raises(ImproperlyConfigured, match="X_INT"):
        env_int("X_INT", 1)
    monkeypatch.setenv("X_INT", "3")
    with pytest.raises(ImproperlyConfigured, match="at least"):
        env_int("X_INT", 1, minimum=5)
    monkeypatch.setenv("X_DATE", "2020/06/01")
    with pytest.raises(ImproperlyConfigured, match="X_DATE"):
        env_date("X_DATE")
    monkeypatch.setenv("X_LIST", "a.example, b.example,")
    assert env_list("X_LIST", []) == ["a.example", "b.example"]
    monkeypatch.setenv("X_BOOL", "Yes")
    assert env_bool("X_BOOL") is True


def test_quarters():
    assert clock.quarter_start(datetime.date(2020, 5, 20)) == datetime.date(2020, 4, 1)
    assert clock.quarter_end(datetime.date(2020, 5, 20)) == datetime.date(2020, 6, 30)
    assert clock.quarter_end(datetime.date(2020, 11, 2)) == datetime.date(2020, 12, 31)
    assert clock.quarter_label(datetime.date(2020, 11, 2)) == "2020年第4季度"


def test_business_date_follows_setting(settings):
    settings.XJ_TODAY = datetime.date(2020, 3, 31)
    assert clock.today() == datetime.date(2020, 3, 31)
