"""The 帮扶责任人 filter that the household and laborer lists carry: households (or the
members of households) of one helper, or those still without one."""

from __future__ import annotations

from typing import Any

import django_filters

from cases.models import Helper

#: the choice for households nobody is responsible for yet
WITHOUT_HELPER = "none"


def _choices(user: Any):
    # a callable: the helpers are read only when the form is shown or a value is checked
    # (a list page's filters, one query), not by a download that only applies the filter
    def choices() -> list[tuple[str, str]]:
        helpers = Helper.objects.visible_to(user).order_by("township__sort_order", "name", "pk")
        return [(WITHOUT_HELPER, "（未确定帮扶责任人）")] + [
            (str(pk), f"{name}（{unit}）")
            for pk, name, unit in helpers.values_list("pk", "name", "unit")
        ]

    return choices


def _helper_filter(user: Any, household_path: str) -> django_filters.Filter:
    link = f"{household_path}helper_link"

    def narrow(queryset, name, value):
        if not value:
            return queryset
        if value == WITHOUT_HELPER:
            return queryset.filter(**{f"{link}__isnull": True})
        return queryset.filter(**{f"{link}__helper_id": int(value)})

    return django_filters.ChoiceFilter(
        label="帮扶责任人", choices=_choices(user), method=narrow, empty_label="全部"
    )


def household_filters(user: Any) -> dict[str, django_filters.Filter]:
    return {"helper": _helper_filter(user, "")}


def laborer_filters(user: Any) -> dict[str, django_filters.Filter]:
    return {"helper": _helper_filter(user, "household__")}
