from __future__ import annotations

from django import forms

from bulletins.models import Bulletin
from xiushan_jobs.lib.clock import today


class BulletinCreateForm(forms.Form):
    period = forms.ChoiceField(label="周期", choices=Bulletin.Period.choices)
    day = forms.DateField(
        label="所在月份或季度的任一天",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="如 2020-06-30：月度通报统计 6 月，季度通报统计第二季度，数据截至期末。",
    )

    def clean_day(self):
        day = self.cleaned_data["day"]
        if not 2000 <= day.year <= today().year + 1:
            raise forms.ValidationError("日期不合理。")
        return day


class BulletinTextForm(forms.ModelForm):
    class Meta:
        model = Bulletin
        fields = ["title", "problems", "next_steps"]
        widgets = {
            "problems": forms.Textarea(attrs={"rows": 8}),
            "next_steps": forms.Textarea(attrs={"rows": 6}),
        }
