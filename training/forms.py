"""Forms validate and normalise; the rules are the models' (``clean``) and the services'."""

from __future__ import annotations

from typing import Any

from django import forms

from laborers.models import Laborer, Program, Township
from training.models import (
    BusinessLoan,
    Enrollment,
    GuidanceSession,
    Mentor,
    StationOccupancy,
    Trade,
    TrainingClass,
    WorkStation,
)
from xiushan_jobs.lib.clock import today
from xiushan_jobs.lib.roles import Role
from xiushan_jobs.lib.scope import role_of


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def _wide(form: forms.Form, *names: str) -> None:
    """Fields that take the whole width of the form grid (see includes/field.html)."""
    for name in names:
        if name in form.fields:
            form.fields[name].wide = True


class TrainingClassForm(forms.ModelForm):
    class Meta:
        model = TrainingClass
        fields = list(TrainingClass.EDITABLE_FIELDS)
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        trades = Trade.objects.active()
        if self.instance.pk:  # a trade retired later stays on its classes
            trades = Trade.objects.filter(pk=self.instance.trade_id) | trades
        self.fields["trade"].queryset = trades
        self.fields["program"].queryset = Program.objects.filter(is_active=True)
        self.fields["program"].empty_label = "本县自办"
        township = self.fields["township"]
        township.queryset = Township.objects.visible_to(user)
        if role_of(user) == Role.TOWNSHIP:
            # A township officer's classes are their township's.
            township.required = True
            township.empty_label = None
            township.help_text = ""
            township.initial = user.township_id
        else:
            township.empty_label = "县级培训班"
        _wide(self, "note")
        if not self.instance.pk:
            self.initial.setdefault("start_date", today())


class EnrollmentForm(forms.ModelForm):
    """Attendance, completion and certificate of one trainee (and a non-poor trainee's
    name, ID number and phone)."""

    class Meta:
        model = Enrollment
        fields = [
            "name",
            "id_number",
            "phone",
            "days_attended",
            "completed",
            "skill",
            "certificate_number",
            "note",
        ]
        labels = {"name": "姓名", "id_number": "身份证号码", "phone": "联系电话"}

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if self.instance.laborer_id:
            for name in ("name", "id_number", "phone"):
                del self.fields[name]
        else:
            self.fields["name"].required = True
            self.fields["id_number"].required = True
        _wide(self, "skill")


class TraineeForm(EnrollmentForm):
    """A non-poor trainee joining a class (name and ID number required)."""

    class Meta(EnrollmentForm.Meta):
        fields = ["name", "id_number", "phone", "note"]


class LaborerSearchForm(forms.Form):
    q = forms.CharField(
        label="查找劳动力",
        max_length=30,
        required=False,
        help_text="姓名、身份证号码或电话的后 4 位，或完整号码。",
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


class ClassChoiceForm(forms.Form):
    """Enroll one laborer: which class."""

    training_class = forms.ModelChoiceField(
        label="培训班", queryset=TrainingClass.objects.none(), empty_label=None
    )

    def __init__(self, *args: Any, classes, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["training_class"].queryset = classes


class MentorForm(forms.ModelForm):
    class Meta:
        model = Mentor
        fields = ["name", "specialty", "organization", "title", "phone", "is_active", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}


class LaborerChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, laborer: Laborer) -> str:
        village = laborer.household.village
        return f"{laborer.name}（{village.township.name} {village.name}）"


class SessionForm(forms.ModelForm):
    laborers = LaborerChoiceField(
        label="接受指导的劳动力",
        queryset=Laborer.objects.none(),
        error_messages={"required": "请至少选择一名接受指导的劳动力。"},
        help_text="列出有创业意愿的劳动力；一对一选一人，多对一选多人。",
    )

    class Meta:
        model = GuidanceSession
        fields = ["mentor", "date", "mode", "kind", "topic", "place", "laborers", "note"]
        widgets = {"date": DateInput(), "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, candidates, mentors, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["laborers"].queryset = candidates
        self.fields["mentor"].queryset = mentors
        if self.instance.pk and not self.is_bound:
            self.initial["laborers"] = [p.laborer_id for p in self.instance.participants.all()]
        if not self.instance.pk:
            self.initial.setdefault("date", today())
        _wide(self, "topic", "laborers", "note")


class LoanForm(forms.ModelForm):
    class Meta:
        model = BusinessLoan
        fields = list(BusinessLoan.EDITABLE_FIELDS)
        widgets = {
            "applied_on": DateInput(),
            "disbursed_on": DateInput(),
            "due_on": DateInput(),
            "repaid_on": DateInput(),
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "disbursed_on": "发放、还清或逾期的贷款填写。",
            "due_on": "发放、还清或逾期的贷款填写。",
            "repaid_on": "还清的贷款填写。",
        }

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["bank"].widget.attrs["list"] = "banks"
        if not self.instance.pk:
            self.initial.setdefault("applied_on", today())
        _wide(self, "note")


class StationForm(forms.ModelForm):
    class Meta:
        model = WorkStation
        fields = ["base", "number", "address", "opened_on", "is_active", "note"]
        widgets = {"opened_on": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["base"].widget.attrs["list"] = "bases"


class OccupancyForm(forms.ModelForm):
    class Meta:
        model = StationOccupancy
        fields = ["business", "start_date", "note"]
        widgets = {"start_date": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("start_date", today())


class EndDateForm(forms.Form):
    end_date = forms.DateField(label="退出日期", widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("end_date", today())
