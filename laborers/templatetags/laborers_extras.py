"""Template filters of the workspace: personal data masked unless revealed."""

from django import template

from xiushan_jobs.lib.idnumber import mask_id_number
from xiushan_jobs.lib.phone import mask_phone as _mask_phone

register = template.Library()


@register.filter
def mask_id(value: str) -> str:
    return mask_id_number(value or "")


@register.filter
def mask_phone(value: str) -> str:
    return _mask_phone(value or "")


@register.filter
def yes_no(value) -> str:
    return "是" if value else "否"


@register.filter
def age_on(laborer, day) -> int:
    return laborer.age_on(day)
