from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory

from laborers.choices import PROVINCE_CHOICES, EmploymentKind
from laborers.models import Township
from transfer.models import EventEmployer, RecruitmentEvent
from xiushan_jobs.lib.clock import today
from xiushan_jobs.lib.roles import Role
from xiushan_jobs.lib.scope import role_of


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class EventForm(forms.ModelForm):
    class Meta:
        model = RecruitmentEvent
        fields = [
            "title",
            "kind",
            "date",
            "place",
            "township",
            "organizer",
            "program",
            "attendees",
            "poor_attendees",
            "note",
        ]
        widgets = {"date": DateInput(), "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["township"].queryset = Township.objects.visible_to(user)
        if role_of(user) == Role.TOWNSHIP:
            # A township officer's events are their township's.
            self.fields["township"].required = True
            self.fields["township"].empty_label = None
            self.fields["township"].help_text = ""
        else:
            self.fields["township"].empty_label = "县级活动"
        self.fields["program"].queryset = self.fields["program"].queryset.filter(is_active=True)
        self.fields["program"].empty_label = "无"
        if not self.instance.pk:
            self.initial.setdefault("date", today())


class BaseEmployerFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        """An employer that has hires cannot be removed (each hire is a laborer's job that
        points at it): say so on the form rather than fail when saving."""
        super().clean()
        for form in self.deleted_forms:
            employer = form.instance
            if employer.pk is None:
                continue
            hires = employer.hires.count()
            if hires:
                form.add_error(
                    None,
                    f"用人单位“{employer.name}”已有 {hires} 人录用，不能删除：请先在活动页面撤销"
                    "这些录用。",
                )


EmployerFormSet = inlineformset_factory(
    RecruitmentEvent,
    EventEmployer,
    formset=BaseEmployerFormSet,
    fields=["name", "location", "positions", "graduate_positions"],
    extra=2,
    can_delete=True,
    min_num=1,
    validate_min=True,
)


class HireForm(forms.Form):
    employer = forms.ModelChoiceField(queryset=EventEmployer.objects.none(), label="用人单位")
    kind = forms.ChoiceField(
        label="就业类型",
        choices=[
            (k, label)
            for k, label in EmploymentKind.choices
            if k in (EmploymentKind.IN_COUNTY, EmploymentKind.IN_CITY, EmploymentKind.OUTSIDE)
        ],
    )
    province = forms.ChoiceField(
        label="务工省份（市外务工）", choices=[("", "—"), *PROVINCE_CHOICES], required=False
    )
    start_date = forms.DateField(label="上岗日期", widget=DateInput())
    monthly_income = forms.DecimalField(
        label="月收入（元）", required=False, min_value=0, max_digits=9, decimal_places=2
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = event.employers.all()
        self.initial.setdefault("start_date", event.date)
