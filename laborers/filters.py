"""Filters of the laborer and household lists (django-filter).

Every choice list starts from the user's area: an officer's village drop-down lists only
their villages, and a value outside the area is an invalid choice (ignored, with the
form's message), never a way to see another township's records.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Exists, OuterRef

from laborers import choices
from laborers.models import EmploymentEpisode, Laborer, Township, Village
from laborers.search import search_people
from laborers.warning_rules import (
    RULES,
    RULES_BY_KEY,
    SERVICES_PER_YEAR,
    any_warning_q,
    service_year_start,
)
from xiushan_jobs.lib.clock import today
from xiushan_jobs.lib.extensions import contributed_filters
from xiushan_jobs.lib.filters import OrderingFilter, id_param
from xiushan_jobs.lib.roles import Role
from xiushan_jobs.lib.scope import role_of
from xiushan_jobs.lib.text import squeeze

EMPLOYMENT_CHOICES = [
    ("employed", "已就业（全部）"),
    ("unemployed", "未就业"),
    *[(kind, f"当前{label}") for kind, label in choices.EmploymentKind.choices],
]
GROUP_CHOICES = [
    ("graduate", "贫困高校毕业生"),
    ("relocated", "易地扶贫搬迁户"),
    ("disabled", "残疾人"),
]
INTENTION_CHOICES = [
    ("any", "有就业、培训或创业意愿"),
    *choices.EmploymentIntention.choices,
    ("training", "有培训需求"),
    ("entrepreneurship", "有创业意愿"),
]
ABILITY_CHOICES = [("capable", "有劳动能力（全部）"), *choices.LaborAbility.choices]
WARNING_CHOICES = [("any", "任一预警"), *[(rule.key, rule.label) for rule in RULES]]


def search_filter(placeholder: str) -> django_filters.CharFilter:
    return django_filters.CharFilter(
        label="搜索",
        method="filter_search",
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": placeholder, "enterkeyhint": "search"}
        ),
    )


def area_filters(village_path: str) -> tuple:
    """The township and village filters of a model ``village_path`` away from Village;
    ``AreaFilterSet`` fills in their choices for the user."""
    township = django_filters.ModelChoiceFilter(
        label="乡镇（街道）",
        field_name=f"{village_path}__township",
        queryset=Township.objects.none(),
        empty_label="全部乡镇（街道）",
    )
    village = django_filters.ModelChoiceFilter(
        label="村（社区）",
        field_name=village_path,
        queryset=Village.objects.none(),
        empty_label="全部村（社区）",
    )
    return township, village


class AreaFilterSet(django_filters.FilterSet):
    """Township and village filters limited to the user's area; the township filter only
    for users who see more than one township. Feature apps add filters to a list named by
    ``extension_name`` (``register_list_filter``)."""

    extension_name = ""

    def __init__(self, data=None, *args, user: Any, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.user = user
        for name, contributed in contributed_filters(self.extension_name, user).items():
            contributed.model = self.queryset.model
            contributed.parent = self
            self.filters[name] = contributed
        villages = Village.objects.visible_to(user).select_related("township")
        if role_of(user) in (Role.COUNTY, Role.LEADER):
            self.filters["township"].queryset = Township.objects.visible_to(user)
            township = id_param((data or {}).get("township"))
            if township is not None:
                villages = villages.filter(township_id=township)
        else:
            del self.filters["township"]
            villages = villages.order_by("name")
        self.filters["village"].queryset = villages

    @property
    def is_filtered(self) -> bool:
        return any(
            value not in (None, "", False, [])
            for name, value in self.form.cleaned_data.items()
            if name != "o"
        )


class LaborerFilter(AreaFilterSet):
    extension_name = "laborers"
    q = search_filter("姓名、号码后 4 位或完整号码")
    township, village = area_filters("household__village")
    employment = django_filters.ChoiceFilter(
        label="就业状态", choices=EMPLOYMENT_CHOICES, method="filter_employment", empty_label="全部"
    )
    group = django_filters.ChoiceFilter(
        label="特殊群体", choices=GROUP_CHOICES, method="filter_group", empty_label="全部"
    )
    intention = django_filters.ChoiceFilter(
        label="意愿", choices=INTENTION_CHOICES, method="filter_intention", empty_label="全部"
    )
    ability = django_filters.ChoiceFilter(
        label="劳动能力", choices=ABILITY_CHOICES, method="filter_ability", empty_label="全部"
    )
    warning = django_filters.ChoiceFilter(
        label="预警", choices=WARNING_CHOICES, method="filter_warning", empty_label="全部"
    )
    few_services = django_filters.BooleanFilter(
        label="本年服务不足 3 次", method="filter_few_services", widget=forms.CheckboxInput
    )
    not_updated = django_filters.BooleanFilter(
        label="本季度未调查更新", method="filter_not_updated", widget=forms.CheckboxInput
    )
    o = OrderingFilter(
        label="排序",
        empty_label="默认（同户成员相邻）",
        fields=(
            ("household__number", "household"),
            ("name", "name"),
            ("birth_date", "birth"),
            ("last_surveyed_on", "surveyed"),
            ("updated_at", "updated"),
        ),
        field_labels={
            "household__number": "户编号",
            "-household__number": "户编号（倒序）",
            "name": "姓名",
            "-name": "姓名（倒序）",
            "birth_date": "出生日期（年长在前）",
            "-birth_date": "出生日期（年轻在前）",
            "last_surveyed_on": "调查更新日期（最早在前）",
            "-last_surveyed_on": "调查更新日期（最近在前）",
            "updated_at": "修改时间（最早在前）",
            "-updated_at": "修改时间（最近在前）",
        },
    )

    #: set by the search: why it matched nothing, or where the ID is registered instead
    search_note = ""

    def filter_search(self, queryset, name, value):
        found = search_people(
            queryset,
            value,
            user=self.user,
            where="劳动力名单",
            request=self.request,
            tell_elsewhere=True,
        )
        self.search_note = found.note
        return found.queryset

    def filter_employment(self, queryset, name, value):
        if value == "employed":
            return queryset.employed()
        if value == "unemployed":
            return queryset.unemployed()
        current = EmploymentEpisode.objects.filter(
            laborer=OuterRef("pk"), end_date__isnull=True, kind=value
        )
        return queryset.filter(Exists(current))

    def filter_group(self, queryset, name, value):
        return {
            "graduate": queryset.college_graduates,
            "relocated": queryset.relocated,
            "disabled": lambda: queryset.filter(is_disabled=True),
        }[value]()

    def filter_intention(self, queryset, name, value):
        if value == "any":
            return queryset.with_intention()
        if value == "training":
            return queryset.filter(wants_training=True)
        if value == "entrepreneurship":
            return queryset.filter(wants_entrepreneurship=True)
        return queryset.filter(employment_intention=value)

    def filter_ability(self, queryset, name, value):
        if value == "capable":
            return queryset.labor_capable()
        return queryset.filter(labor_ability=value)

    def filter_warning(self, queryset, name, value):
        if value == "any":
            return queryset.filter(any_warning_q(today()))
        return RULES_BY_KEY[value].laborers(queryset, today())

    def filter_few_services(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.fewer_services_since(service_year_start(today()), SERVICES_PER_YEAR)

    def filter_not_updated(self, queryset, name, value):
        if not value:
            return queryset
        return RULES_BY_KEY["not_updated"].laborers(queryset, today())


class HouseholdFilter(AreaFilterSet):
    extension_name = "households"
    q = search_filter("户编号或成员姓名")
    township, village = area_filters("village")
    poverty_status = django_filters.ChoiceFilter(
        label="脱贫状态", choices=choices.PovertyStatus.choices, empty_label="全部"
    )
    zero_employment = django_filters.BooleanFilter(
        label="零就业家庭", method="filter_zero_employment", widget=forms.CheckboxInput
    )
    relocated = django_filters.BooleanFilter(
        label="易地扶贫搬迁户", method="filter_relocated", widget=forms.CheckboxInput
    )
    o = OrderingFilter(
        label="排序",
        empty_label="按户编号",
        fields=(("number", "number"), ("updated_at", "updated")),
        field_labels={
            "number": "户编号",
            "-number": "户编号（倒序）",
            "updated_at": "修改时间（最早在前）",
            "-updated_at": "修改时间（最近在前）",
        },
    )

    def filter_search(self, queryset, name, value):
        text = squeeze(value)
        if not text:
            return queryset
        if text.isdigit() or text.isascii():
            return queryset.filter(number__endswith=text.upper())
        members = Laborer.objects.filter(household=OuterRef("pk"), name__contains=text)
        return queryset.filter(Exists(members))

    def filter_zero_employment(self, queryset, name, value):
        return queryset.zero_employment() if value else queryset

    def filter_relocated(self, queryset, name, value):
        return queryset.filter(relocated=True) if value else queryset
