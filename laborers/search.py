"""Finding people by what the user is shown, or by a complete number.

A search may match only:

- a name, or any part of it;
- the tail a masked number shows (``500241********7201`` shows ``7201``, ``195****6700``
  shows ``6700``), typed exactly as shown: a longer or shorter tail, middle digits or the
  region prefix match nothing, so that nobody rebuilds a masked number a digit at a time;
- a complete, valid ID number or a complete mobile number. That identifies a person:
  only users who may reveal personal data may do it, each such search is written to the
  access log as a reveal of the records it found, and for anyone else (leaders) it
  matches nothing, without an error.

The laborer list (``LaborerFilter``), every page that picks a laborer
(``LaborerQuerySet.search``) and the admin (``PersonSearchAdminMixin``) search here.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

from audit.models import AccessLog
from audit.services import access_log_record, access_log_record_many
from xiushan_jobs.lib.idnumber import ID_VISIBLE_TAIL, normalize_id_number, parse_id_number
from xiushan_jobs.lib.phone import PHONE_VISIBLE_TAIL, is_mobile, normalize_phone
from xiushan_jobs.lib.scope import may_reveal
from xiushan_jobs.lib.text import squeeze, strip_invisible

#: a complete-number search logs at most this many records it found (and shows only them)
MAX_IDENTIFIED = 50

_ID_TAIL = re.compile(rf"^\d{{{ID_VISIBLE_TAIL - 1}}}[\dX]$")
_PHONE_TAIL = re.compile(rf"^\d{{{PHONE_VISIBLE_TAIL}}}$")
# Typed as a number (digits, a check letter, separators): never read as part of a name.
_NUMBER_LIKE = re.compile(r"^[\dX+\-]+$")

NOTE_NUMBER_FORM = (
    f"号码只能按列表中显示的后 {ID_VISIBLE_TAIL} 位或完整号码查找（其他位数不作匹配）。"
)
NOTE_INVALID_ID = "这不是有效的身份证号码（位数、出生日期或校验位不对），没有按它查找。"
NOTE_MAY_NOT_IDENTIFY = (
    f"按完整身份证号码或电话查找需要查看完整信息的权限；请按姓名或号码后 {ID_VISIBLE_TAIL} 位查找。"
)


class Kind(enum.StrEnum):
    EMPTY = "empty"
    NAME = "name"
    TAIL = "tail"
    FULL_ID = "id"
    FULL_PHONE = "phone"
    #: typed as a number but not one a search may match
    UNMATCHABLE = "unmatchable"
    INVALID_ID = "invalid_id"


@dataclass(frozen=True)
class PersonQuery:
    kind: Kind
    value: str = ""

    @property
    def identifies(self) -> bool:
        return self.kind in (Kind.FULL_ID, Kind.FULL_PHONE)

    @property
    def label(self) -> str:
        return "身份证号码" if self.kind == Kind.FULL_ID else "联系电话"


def read_person_query(text: object) -> PersonQuery:
    """What a search box's text stands for, however it was typed (spaces, full-width
    digits, a lower-case x, dashes or +86 in a phone). Invisible and control characters are
    dropped: stored text holds none, and PostgreSQL refuses a NUL in a query."""
    text = strip_invisible(squeeze(text))
    if not text:
        return PersonQuery(Kind.EMPTY)
    upper = normalize_id_number(text)
    if len(upper) == 18 and upper[:17].isdigit():
        try:
            return PersonQuery(Kind.FULL_ID, parse_id_number(upper).number)
        except ValidationError:
            return PersonQuery(Kind.INVALID_ID, upper)
    phone = normalize_phone(text)
    if is_mobile(phone):
        return PersonQuery(Kind.FULL_PHONE, phone)
    if _ID_TAIL.match(upper) or _PHONE_TAIL.match(upper):
        return PersonQuery(Kind.TAIL, upper)
    if _NUMBER_LIKE.match(upper):
        return PersonQuery(Kind.UNMATCHABLE, upper)
    return PersonQuery(Kind.NAME, text)


@dataclass(frozen=True)
class PersonFields:
    """Where a model keeps a person's numbers and name (lookups; ``None``: not there)."""

    id_number: str | None = "id_number"
    phone: str | None = "phone"
    name: str | None = "name"


LABORER_FIELDS = (PersonFields(),)


def person_q(query: PersonQuery, fields: Iterable[PersonFields]) -> Q | None:
    """The condition ``query`` stands for on ``fields``; ``None`` when it matches nothing."""
    value, out = query.value, []
    for f in fields:
        if query.kind == Kind.NAME and f.name:
            out.append(Q(**{f"{f.name}__contains": value}))
        elif query.kind == Kind.TAIL:
            if f.id_number and _ID_TAIL.match(value):
                out.append(Q(**{f"{f.id_number}__endswith": value}))
            if f.phone and _PHONE_TAIL.match(value):
                out.append(Q(**{f"{f.phone}__endswith": value}))
        elif query.kind == Kind.FULL_ID and f.id_number:
            out.append(Q(**{f.id_number: value}))
        elif query.kind == Kind.FULL_PHONE and f.phone:
            out.append(Q(**{f.phone: value}))
    if not out:
        return None
    condition = out[0]
    for more in out[1:]:
        condition |= more
    return condition


@dataclass
class Found:
    queryset: QuerySet
    query: PersonQuery
    #: a sentence for the user about the search itself (why it matched nothing, or where
    #: the person with that complete ID number is registered); never personal data
    note: str = ""


def search_people(
    queryset: QuerySet,
    text: object,
    *,
    user: Any,
    where: str,
    request=None,
    fields: Iterable[PersonFields] = LABORER_FIELDS,
    tell_elsewhere: bool = False,
) -> Found:
    """``queryset`` narrowed to the people ``text`` stands for, under the rule above.
    ``where`` names the page in the access log. With ``tell_elsewhere``, a complete ID
    number that matches nothing in ``queryset`` but is registered outside the user's area
    gives a note naming the township (and nothing of the person)."""
    fields = tuple(fields)
    query = read_person_query(text)
    if query.kind == Kind.UNMATCHABLE:
        return Found(queryset.none(), query, NOTE_NUMBER_FORM)
    if query.kind == Kind.INVALID_ID:
        return Found(queryset.none(), query, NOTE_INVALID_ID)
    if query.identifies and not may_reveal(user):
        return Found(queryset.none(), query, NOTE_MAY_NOT_IDENTIFY)
    condition = person_q(query, fields)
    if condition is None:
        return Found(queryset.none(), query)
    matched = queryset.filter(condition)
    if not query.identifies:
        return Found(matched, query)
    # Identification: what is shown is exactly what is logged.
    ids = list(matched.values_list("pk", flat=True)[:MAX_IDENTIFIED])
    detail = f"按完整{query.label}查找（{where}）"
    log = {"user": user, "request": request, "fields": query.label}
    if ids:
        access_log_record_many(
            **log,
            action=AccessLog.Action.REVEAL,
            model=queryset.model,
            object_ids=ids,
            detail=detail,
        )
        return Found(queryset.filter(pk__in=ids), query)
    holder = None
    if tell_elsewhere and query.kind == Kind.FULL_ID:
        holder = id_number_holder(query.value, user=user)
    if holder is None or holder.visible:
        _log_reveal(**log, model=queryset.model, object_id=None, detail=detail + "：没有找到")
        return Found(queryset.none(), query)
    _log_reveal(**log, model=holder.model, object_id=holder.pk, detail=detail + "：告知登记地")
    return Found(
        queryset.none(), query, f"该身份证号码已在{holder.place}登记，不在您的管辖范围内。"
    )


@dataclass(frozen=True)
class Holder:
    """Who holds an ID number, within what the user may see: the name only when the user
    sees the person; otherwise only the place (the township, and the village when it is in
    the user's own township, which only a village officer does not see whole)."""

    model: type
    pk: int
    visible: bool
    name: str
    place: str


def id_number_holder(id_number: str, *, user: Any, exclude_pk: int | None = None) -> Holder | None:
    from laborers.models import Laborer

    records = Laborer.objects.filter(id_number=id_number)
    if exclude_pk is not None:
        records = records.exclude(pk=exclude_pk)
    record = records.values(
        "pk",
        "name",
        "household__village__name",
        "household__village__township_id",
        "household__village__township__name",
    ).first()
    if record is None:
        return None
    visible = Laborer.objects.visible_to(user).filter(pk=record["pk"]).exists()
    township_id = record["household__village__township_id"]
    place = record["household__village__township__name"]
    if township_id == getattr(user, "township_id", None) or visible:
        place += " " + record["household__village__name"]
    return Holder(Laborer, record["pk"], visible, record["name"] if visible else "", place)


def id_number_holder_logged(
    id_number: str, *, user: Any, where: str, request=None, exclude_pk: int | None = None
) -> Holder | None:
    """``id_number_holder`` for a complete number someone typed (a form that refuses a
    duplicate): finding its holder identifies them, so it is logged as a reveal."""
    holder = id_number_holder(id_number, user=user, exclude_pk=exclude_pk)
    if holder is not None:
        _log_reveal(
            user=user,
            request=request,
            fields="身份证号码",
            model=holder.model,
            object_id=holder.pk,
            detail=f"输入的完整身份证号码已登记（{where}）",
        )
    return holder


def _log_reveal(*, user, request, fields, model, object_id, detail) -> None:
    access_log_record(
        user=user,
        action=AccessLog.Action.REVEAL,
        model=model,
        object_id=object_id,
        fields=fields,
        detail=detail,
        request=request,
    )


class PersonSearchAdminMixin:
    """The admin's search box under the same rule. ``person_search_fields`` says where the
    model keeps the numbers; ``search_fields`` must not name them again (a plain field
    search would match any digits), and keeps names and other text."""

    person_search_fields: tuple[PersonFields, ...] = ()

    def get_search_results(self, request, queryset, search_term):
        query = read_person_query(search_term)
        if query.kind in (Kind.EMPTY, Kind.NAME):
            return super().get_search_results(request, queryset, search_term)
        found = search_people(
            queryset,
            search_term,
            user=request.user,
            where="管理后台",
            request=request,
            fields=[PersonFields(f.id_number, f.phone, None) for f in self.person_search_fields],
        )
        # Other text fields (a household number, an employer) still answer the term.
        others, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return found.queryset | others, may_have_duplicates
