"""List filters. Choice lists (townships) come from the user's scope."""

from __future__ import annotations

import django_filters
from django.db.models import Q

from laborers.models import Program, Township
from training import choices
from training.models import (
    BusinessLoan,
    GuidanceSession,
    Mentor,
    Trade,
    TrainingClass,
    WorkStation,
)
from xiushan_jobs.lib.clock import today
from xiushan_jobs.lib.filters import YearFilter


def _townships(request):
    return Township.objects.visible_to(request.user) if request else Township.objects.none()


class ClassFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="名称或承办单位", method="search")
    year = YearFilter(label="年度", method="filter_year")
    trade = django_filters.ModelChoiceFilter(
        label="工种", queryset=Trade.objects.all(), empty_label="全部"
    )
    format = django_filters.ChoiceFilter(
        label="办班方式", choices=choices.TrainingFormat.choices, empty_label="全部"
    )
    program = django_filters.ChoiceFilter(
        label="协作项目", method="filter_program", empty_label="全部"
    )
    funding_source = django_filters.ChoiceFilter(
        label="资金来源", choices=choices.FundingSource.choices, empty_label="全部"
    )
    township = django_filters.ChoiceFilter(
        label="举办乡镇（街道）", method="filter_township", empty_label="全部"
    )
    status = django_filters.ChoiceFilter(
        label="状态",
        method="filter_status",
        choices=[("open", "筹备中或培训中"), *choices.ClassStatus.choices],
        empty_label="全部",
    )

    class Meta:
        model = TrainingClass
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["program"].extra["choices"] = [
            *((p.code, p.name) for p in Program.objects.all()),
            ("none", "本县自办"),
        ]
        self.filters["township"].extra["choices"] = [
            ("county", "县级培训班"),
            *((str(t.pk), t.name) for t in _townships(self.request)),
        ]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(organizer__icontains=value))

    def filter_year(self, queryset, name, value):
        return queryset.in_year(value)

    def filter_program(self, queryset, name, value):
        if value == "none":
            return queryset.filter(program__isnull=True)
        return queryset.filter(program__code=value)

    def filter_status(self, queryset, name, value):
        if value == "open":
            return queryset.open_for_enrollment()
        return queryset.filter(status=value)

    def filter_township(self, queryset, name, value):
        if value == "county":
            return queryset.filter(township__isnull=True)
        return queryset.filter(township=value)


class MentorFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="姓名、领域或单位", method="search")
    is_active = django_filters.BooleanFilter(label="在库")

    class Meta:
        model = Mentor
        fields = []

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value)
            | Q(specialty__icontains=value)
            | Q(organization__icontains=value)
        )


class SessionFilter(django_filters.FilterSet):
    mentor = django_filters.ModelChoiceFilter(
        label="创业导师", queryset=Mentor.objects.all(), empty_label="全部"
    )
    mode = django_filters.ChoiceFilter(
        label="指导方式", choices=choices.GuidanceMode.choices, empty_label="全部"
    )
    kind = django_filters.ChoiceFilter(
        label="指导内容", choices=choices.GuidanceKind.choices, empty_label="全部"
    )
    year = YearFilter(label="年度", field_name="date", lookup_expr="year")

    class Meta:
        model = GuidanceSession
        fields = []


class LoanFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="劳动力姓名、银行或项目", method="search")
    status = django_filters.ChoiceFilter(
        label="状态", choices=choices.LoanStatus.choices, empty_label="全部"
    )
    year = YearFilter(label="申请年度", field_name="applied_on", lookup_expr="year")
    township = django_filters.ModelChoiceFilter(
        label="乡镇（街道）",
        field_name="laborer__household__village__township",
        queryset=_townships,
        empty_label="全部",
    )
    past_due = django_filters.BooleanFilter(label="已到期未还清", method="filter_past_due")

    class Meta:
        model = BusinessLoan
        fields = []

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(laborer__name=value) | Q(bank__icontains=value) | Q(project__icontains=value)
        )

    def filter_past_due(self, queryset, name, value):
        if value is None:
            return queryset
        past_due = queryset.past_due(today())
        return past_due if value else queryset.exclude(pk__in=past_due.values("pk"))


class StationFilter(django_filters.FilterSet):
    base = django_filters.ChoiceFilter(label="孵化基地", empty_label="全部")
    in_service = django_filters.BooleanFilter(label="在用", method="filter_in_service")
    occupancy = django_filters.ChoiceFilter(
        label="入驻情况",
        method="filter_occupancy",
        choices=[("occupied", "已入驻"), ("free", "空闲")],
        empty_label="全部",
    )

    class Meta:
        model = WorkStation
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bases = WorkStation.objects.order_by("base").values_list("base", flat=True).distinct()
        self.filters["base"].extra["choices"] = [(b, b) for b in bases]

    def filter_in_service(self, queryset, name, value):
        if value is None:
            return queryset
        in_service = queryset.in_service_on(today())
        return in_service if value else queryset.exclude(pk__in=in_service.values("pk"))

    def filter_occupancy(self, queryset, name, value):
        # the list's queryset is annotated with ``occupancy_id`` (with_occupant)
        if value == "occupied":
            return queryset.filter(occupancy_id__isnull=False)
        if value == "free":
            return queryset.filter(occupancy_id__isnull=True)
        return queryset
