import django_filters

from laborers.models import Township
from training.models import Trade
from vacancies.models import Vacancy, WorkArea
from xiushan_jobs.lib.clock import today


class VacancyFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(
        label="状态",
        choices=[("current", "在招"), ("ended", "已过有效期"), ("upcoming", "未开始")],
        method="filter_state",
        empty_label="全部",
    )
    work_area = django_filters.ChoiceFilter(
        label="工作地点", choices=WorkArea.choices, empty_label="全部"
    )
    trade = django_filters.ModelChoiceFilter(
        label="工种", queryset=Trade.objects.all(), empty_label="全部"
    )
    township = django_filters.ModelChoiceFilter(
        label="登记乡镇（街道）", queryset=Township.objects.none(), empty_label="全部"
    )
    employer = django_filters.CharFilter(
        label="用人单位", field_name="employer__name", lookup_expr="contains"
    )

    class Meta:
        model = Vacancy
        fields = ["state", "work_area", "trade", "township", "employer"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["township"].queryset = Township.objects.visible_to(user)

    def filter_state(self, queryset, name, value):
        day = today()
        if value == "current":
            return queryset.current(day)
        if value == "ended":
            return queryset.filter(valid_to__lt=day)
        if value == "upcoming":
            return queryset.filter(valid_from__gt=day)
        return queryset


class PublicVacancyFilter(django_filters.FilterSet):
    """The public page: current vacancies for people of a township (the county's and the
    township's own), by trade and by place of work."""

    township = django_filters.ModelChoiceFilter(
        label="乡镇（街道）",
        queryset=Township.objects.all(),
        method="filter_township",
        empty_label="全县",
    )
    trade = django_filters.ModelChoiceFilter(
        label="工种", queryset=Trade.objects.all(), empty_label="全部工种"
    )
    work_area = django_filters.ChoiceFilter(
        label="工作地点", choices=WorkArea.choices, empty_label="不限"
    )

    class Meta:
        model = Vacancy
        fields = ["township", "trade", "work_area"]

    def filter_township(self, queryset, name, value):
        return queryset.for_township(value)
