"""List filters. Choice lists (townships, villages) come from the user's scope."""

from __future__ import annotations

import django_filters
from django.db.models import F, Q

from laborers.models import Township, Village
from workshops import choices
from workshops.models import Post, Workshop
from xiushan_jobs.lib.clock import today
from xiushan_jobs.lib.filters import YearFilter


def _townships(request):
    return Township.objects.visible_to(request.user) if request else Township.objects.none()


def _villages(request):
    if request is None:
        return Village.objects.none()
    return Village.objects.visible_to(request.user).select_related("township")


class _SiteFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="名称", method="search")
    township = django_filters.ModelChoiceFilter(
        label="乡镇（街道）", field_name="village__township", queryset=_townships
    )
    # Village.__str__ is "乡镇 村"; the queryset selects the township
    village = django_filters.ModelChoiceFilter(
        label="村（社区）", field_name="village", queryset=_villages
    )

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(name__icontains=value) if value else queryset


class WorkshopFilter(_SiteFilterSet):
    status = django_filters.ChoiceFilter(
        label="认定状态", choices=choices.RecognitionStatus.choices
    )
    industry = django_filters.ChoiceFilter(label="所属产业", choices=choices.Industry.choices)
    operator_kind = django_filters.ChoiceFilter(
        label="创建主体", choices=choices.OperatorKind.choices
    )
    funding = django_filters.ChoiceFilter(
        label="资金支持",
        method="filter_funding",
        choices=[
            ("agricultural", "获财政涉农资金"),
            ("shandong", "获鲁渝援建"),
            ("none", "未获资金支持"),
        ],
    )
    resettlement = django_filters.BooleanFilter(
        label="位于易地扶贫搬迁安置点", field_name="village__is_resettlement_site"
    )
    established_year = YearFilter(label="建成年度", field_name="established_on", lookup_expr="year")
    agricultural_year = YearFilter(label="财政涉农资金年度", method="filter_agricultural_year")

    class Meta:
        model = Workshop
        fields = []

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(operator_name__icontains=value))

    def filter_funding(self, queryset, name, value):
        if value == "agricultural":
            return queryset.funded_by(choices.FundingSource.AGRICULTURAL)
        if value == "shandong":
            return queryset.funded_by(choices.FundingSource.SHANDONG)
        if value == "none":
            return queryset.exclude(fundings__isnull=False)
        return queryset

    def filter_agricultural_year(self, queryset, name, value):
        return queryset.funded_by(choices.FundingSource.AGRICULTURAL, value)


class PostFilter(_SiteFilterSet):
    kind = django_filters.ChoiceFilter(label="岗位类型", choices=choices.PostKind.choices)
    department = django_filters.ChoiceFilter(label="开发部门", choices=choices.Department.choices)
    funding_source = django_filters.ChoiceFilter(
        label="资金来源", choices=choices.PostFunding.choices
    )
    period = django_filters.ChoiceFilter(
        label="岗位期限",
        method="filter_period",
        choices=[("current", "期限内"), ("ended", "已到期"), ("upcoming", "未开始")],
    )
    vacancy = django_filters.ChoiceFilter(
        label="空缺",
        method="filter_vacancy",
        choices=[("open", "有空缺"), ("full", "已满员")],
    )

    class Meta:
        model = Post
        fields = []

    def filter_period(self, queryset, name, value):
        day = today()
        if value == "current":
            return queryset.in_period_on(day)
        if value == "ended":
            return queryset.ended_before(day)
        if value == "upcoming":
            return queryset.not_started_on(day)
        return queryset

    def filter_vacancy(self, queryset, name, value):
        # the list's queryset is annotated with ``headcount`` (PostQuerySet.with_headcount)
        if value == "open":
            return queryset.filter(headcount__lt=F("positions"))
        if value == "full":
            return queryset.filter(headcount__gte=F("positions"))
        return queryset
