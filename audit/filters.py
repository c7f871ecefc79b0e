import django_filters
from django import forms
from django.contrib.auth import get_user_model

from audit.models import AccessLog


class AccessLogFilter(django_filters.FilterSet):
    user = django_filters.ModelChoiceFilter(
        label="用户", queryset=get_user_model().objects.order_by("username"), empty_label="全部用户"
    )
    action = django_filters.ChoiceFilter(
        label="操作", choices=AccessLog.Action.choices, empty_label="全部"
    )
    since = django_filters.DateFilter(
        label="从",
        field_name="at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = django_filters.DateFilter(
        label="到",
        field_name="at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    object_id = django_filters.NumberFilter(label="记录编号")

    class Meta:
        model = AccessLog
        fields = ["user", "action", "since", "until", "object_id"]
