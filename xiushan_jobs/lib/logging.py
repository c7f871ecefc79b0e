"""Keep personal data out of logs: ID numbers and mobile numbers in a log line (in the
message, its arguments or a logged URL) are masked before any handler writes them."""

from __future__ import annotations

import logging
import re

from .idnumber import mask_id_number
from .phone import mask_phone

_ID = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx])(?![0-9A-Za-z])")
_PHONE = re.compile(r"(?<!\d)(1[3-9]\d{9})(?!\d)")


def redact(text: str) -> str:
    text = _ID.sub(lambda m: mask_id_number(m.group(1).upper()), text)
    return _PHONE.sub(lambda m: mask_phone(m.group(1)), text)


class RedactPersonalData(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg = redacted
            record.args = None
        return True
