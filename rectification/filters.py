from __future__ import annotations

import django_filters
from django.db.models import Q

from rectification.models import Source, Status, Task

OVERDUE_CHOICES = [("1", "逾期未销号")]
QUARTERLY_CHOICES = [("missing", "季度进展未报送")]


class TaskFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="关键词", method="filter_search")
    status = django_filters.ChoiceFilter(label="状态", choices=Status.choices, empty_label="全部")
    source = django_filters.ModelChoiceFilter(
        label="来源", queryset=Source.objects.all(), empty_label="全部"
    )
    lead_unit = django_filters.ChoiceFilter(label="牵头单位", empty_label="全部")
    overdue = django_filters.ChoiceFilter(
        label="逾期", choices=OVERDUE_CHOICES, empty_label="不限", method="filter_overdue"
    )
    quarterly = django_filters.ChoiceFilter(
        label="季度报送", choices=QUARTERLY_CHOICES, empty_label="不限", method="filter_quarterly"
    )

    class Meta:
        model = Task
        fields = ["q", "status", "source", "lead_unit", "overdue", "quarterly"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        units = (
            Task.objects.visible_to(user)
            .order_by("lead_unit")
            .values_list("lead_unit", flat=True)
            .distinct()
        )
        self.filters["lead_unit"].extra["choices"] = [(unit, unit) for unit in units]

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        condition = (
            Q(measure__icontains=value)
            | Q(problem__icontains=value)
            | Q(finding__icontains=value)
            | Q(category__icontains=value)
            | Q(subcategory__icontains=value)
            | Q(responsible_units__icontains=value)
        )
        if value.strip("（）()").isdigit():
            condition |= Q(measure_number=int(value.strip("（）()")))
        return queryset.filter(condition)

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue() if value == "1" else queryset

    def filter_quarterly(self, queryset, name, value):
        return queryset.quarterly_report_missing() if value == "missing" else queryset
