"""Chinese mobile numbers."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

from .text import squeeze

_MOBILE = re.compile(r"^1[3-9]\d{9}$")


def normalize_phone(value: object) -> str:
    """Half-width digits, no spaces or dashes, a leading +86/0086 country code dropped."""
    number = squeeze(value).replace("-", "")
    for prefix in ("+86", "0086"):
        if number.startswith(prefix):
            number = number[len(prefix) :]
    return number


def validate_mobile(value: str) -> None:
    if value and not _MOBILE.match(value):
        raise ValidationError(
            f"手机号码“{value}”格式不正确：应为 11 位数字并以 13–19 开头。", code="phone"
        )


#: how many digits the mask leaves visible at each end (see ``ID_VISIBLE_TAIL``)
PHONE_VISIBLE_HEAD, PHONE_VISIBLE_TAIL = 3, 4


def is_mobile(number: str) -> bool:
    return bool(_MOBILE.match(number))


def mask_phone(number: str) -> str:
    if not number:
        return ""
    if len(number) < PHONE_VISIBLE_HEAD + PHONE_VISIBLE_TAIL:
        return "*" * len(number)
    return number[:PHONE_VISIBLE_HEAD] + "****" + number[-PHONE_VISIBLE_TAIL:]
