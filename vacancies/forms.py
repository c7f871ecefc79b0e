from django import forms

from laborers.models import Township
from training.models import Trade
from transfer.models import Employer, RecruitmentEvent
from vacancies.models import Answer, PushChannel, Vacancy
from xiushan_jobs.lib.clock import today
from xiushan_jobs.lib.filters import id_param
from xiushan_jobs.lib.roles import Role
from xiushan_jobs.lib.scope import role_of
from xiushan_jobs.lib.text import clean_text


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class VacancyForm(forms.ModelForm):
    employer_name = forms.CharField(
        label="用人单位",
        max_length=80,
        help_text="与招聘活动共用一份用人单位名录：输入已有单位的全称即归入该单位。",
        widget=forms.TextInput(attrs={"list": "employer-names", "autocomplete": "off"}),
    )

    class Meta:
        model = Vacancy
        fields = [
            "title",
            "trade",
            "places",
            "work_area",
            "work_township",
            "province",
            "work_place",
            "pay_min",
            "pay_max",
            "age_min",
            "age_max",
            "education_min",
            "ability_required",
            "sex",
            "reserved_for",
            "program",
            "contact_name",
            "contact_phone",
            "valid_from",
            "valid_to",
            "event",
            "township",
            "description",
        ]
        widgets = {
            "valid_from": DateInput(),
            "valid_to": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    field_order = ["employer_name"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["employer_name"] = self.instance.employer.name
        self.employer_names = list(Employer.objects.values_list("name", flat=True)[:500])
        self.fields["trade"].queryset = Trade.objects.active()
        self.fields["trade"].empty_label = "不限"
        self.fields["program"].queryset = self.fields["program"].queryset.filter(is_active=True)
        self.fields["program"].empty_label = "无"
        self.fields["event"].queryset = RecruitmentEvent.objects.visible_to(user)
        self.fields["event"].empty_label = "无"
        self.fields["education_min"].choices = [
            ("", "不限"),
            *self.fields["education_min"].choices[1:],
        ]
        self.fields["sex"].choices = [("", "不限"), *self.fields["sex"].choices[1:]]
        self.fields["township"].queryset = Township.objects.visible_to(user)
        if role_of(user) == Role.TOWNSHIP:
            self.fields["township"].required = True
            self.fields["township"].empty_label = None
            self.fields["township"].help_text = ""
        else:
            self.fields["township"].empty_label = "县级登记"
        if not self.instance.pk:
            self.initial.setdefault("valid_from", today())

    def clean_employer_name(self) -> str:
        return clean_text(self.cleaned_data["employer_name"])


class LaborerIdsField(forms.TypedMultipleChoiceField):
    """The ticked laborers' ids: any id is accepted here; the push service decides who may
    be told about the vacancy and names anyone it refuses."""

    def valid_value(self, value) -> bool:
        return id_param(value) is not None


class PushForm(forms.Form):
    laborers = LaborerIdsField(
        label="推送对象", coerce=int, error_messages={"required": "请至少勾选一名劳动力。"}
    )
    channel = forms.ChoiceField(label="推送方式", choices=PushChannel.choices)
    date = forms.DateField(label="推送日期", widget=DateInput())
    note = forms.CharField(label="备注", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("date", today())


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label="答复", choices=[c for c in Answer.choices if c[0] != Answer.PENDING]
    )
    day = forms.DateField(label="答复日期", widget=DateInput())
    remote_interview = forms.BooleanField(label="远程面试（视频、电话面试）", required=False)
    decline_reason = forms.CharField(label="不愿意的原因", max_length=100, required=False)
    start_date = forms.DateField(label="上岗日期（已录用）", required=False, widget=DateInput())
    monthly_income = forms.DecimalField(
        label="月收入（元，已录用）", required=False, min_value=0, max_digits=9, decimal_places=2
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("day", today())
