import django_filters

from laborers.models import Program, Township
from transfer.models import EventKind, RecruitmentEvent
from xiushan_jobs.lib.filters import YearFilter


class EventFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label="类型", choices=EventKind.choices, empty_label="全部")
    program = django_filters.ModelChoiceFilter(
        label="协作项目", queryset=Program.objects.all(), empty_label="全部"
    )
    township = django_filters.ModelChoiceFilter(
        label="举办乡镇（街道）", queryset=Township.objects.none(), empty_label="全部"
    )
    year = YearFilter(label="年度", field_name="date", lookup_expr="year")

    class Meta:
        model = RecruitmentEvent
        fields = ["kind", "program", "township", "year"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["township"].queryset = Township.objects.visible_to(user)
