"""Forms validate and normalise; the rules of placements live in ``services``."""

from __future__ import annotations

from typing import Any

from django import forms

from laborers.models import Laborer, Village
from workshops import files
from workshops.choices import CurrentEmployment
from workshops.models import Post, Workshop, WorkshopFunding
from xiushan_jobs.lib.clock import today


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class VillageChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, village: Village) -> str:
        site = "（易地扶贫搬迁安置点）" if village.is_resettlement_site else ""
        return f"{village.township.name} {village.name}{site}"


def _villages_for(user: Any):
    # editors only reach these forms; visible == editable for township officers and county
    return Village.objects.visible_to(user).select_related("township")


class WorkshopForm(forms.ModelForm):
    class Meta:
        model = Workshop
        fields = [
            "name",
            "village",
            "address",
            "operator_kind",
            "operator_name",
            "contact_name",
            "contact_phone",
            "industry",
            "products",
            "jobs_offered",
            "established_on",
            "status",
            "recognised_on",
            "delisted_on",
            "note",
        ]
        field_classes = {"village": VillageChoiceField}
        widgets = {
            "established_on": DateInput(),
            "recognised_on": DateInput(),
            "delisted_on": DateInput(),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user: Any, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = _villages_for(user)


class PostForm(forms.ModelForm):
    class Meta:
        model = Post
        fields = [
            "name",
            "village",
            "kind",
            "department",
            "positions",
            "monthly_subsidy",
            "funding_source",
            "start_date",
            "end_date",
            "duties",
            "note",
        ]
        field_classes = {"village": VillageChoiceField}
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user: Any, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = _villages_for(user)


class FundingForm(forms.ModelForm):
    class Meta:
        model = WorkshopFunding
        fields = ["source", "amount", "date", "equipment", "document_number", "note"]
        widgets = {"date": DateInput()}


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label="照片或文件",
        help_text=f"{files.ACCEPTED_LABEL}，不超过 {files.MAX_LABEL}。",
        error_messages={"required": "请选择要上传的文件。", "empty": "文件是空的。"},
    )
    title = forms.CharField(label="说明", max_length=80, required=False)


class LaborerSearchForm(forms.Form):
    q = forms.CharField(
        label="查找劳动力",
        required=False,
        max_length=30,
        help_text="姓名、身份证号码或电话的后 4 位，或完整号码。",
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


class PlacementForm(forms.Form):
    """Start date, pay and what to do with the laborer's current employment."""

    start_date = forms.DateField(
        label="安置开始日期",
        required=False,
        widget=DateInput(),
        error_messages={"invalid": "安置开始日期格式不对。"},
    )
    monthly_pay = forms.DecimalField(
        label="月收入（元）",
        required=False,
        min_value=0,
        max_digits=9,
        decimal_places=2,
        help_text="公益性岗位默认为岗位月补贴。",
    )
    current = forms.ChoiceField(
        label="当前就业",
        choices=CurrentEmployment.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label="备注", max_length=200, required=False)

    def __init__(self, *args, has_current: bool = True, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("start_date", today())
        super().__init__(*args, **kwargs)
        current = self.fields["current"]
        if has_current:  # the officer says what became of it
            current.choices = [
                c for c in CurrentEmployment.choices if c[0] != CurrentEmployment.NONE
            ]
            current.required = True
            current.error_messages["required"] = "该劳动力当前有就业：请选择如何处理。"
        else:  # nothing to decide about
            current.widget = forms.HiddenInput()


class SitePlacementForm(PlacementForm):
    """Placing from the site's page: the laborer comes from a scoped search."""

    laborer = forms.ModelChoiceField(
        queryset=Laborer.objects.none(),
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": "没有找到该劳动力，或您无权安置他（她）。"},
    )

    def __init__(self, *args, laborers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["laborer"].queryset = laborers


class SiteChoiceField(forms.ChoiceField):
    """Workshops and posts in one drop-down, grouped; the value names the kind."""

    def __init__(self, *, workshops, posts, **kwargs):
        self.workshops = {str(w.pk): w for w in workshops}
        self.posts = {str(p.pk): p for p in posts}
        groups = []
        if self.workshops:
            groups.append(
                (
                    "就业扶贫车间",
                    [
                        (
                            f"workshop-{pk}",
                            f"{w.name}（{w.village.name}，在岗 {w.headcount}/{w.jobs_offered}）",
                        )
                        for pk, w in self.workshops.items()
                    ],
                )
            )
        if self.posts:
            groups.append(
                (
                    "公益性岗位",
                    [
                        (
                            f"post-{pk}",
                            f"{p.name}（{p.village.name}，在岗 {p.headcount}/{p.positions}）",
                        )
                        for pk, p in self.posts.items()
                    ],
                )
            )
        kwargs.setdefault("error_messages", {})["required"] = "请选择扶贫车间或公益性岗位。"
        super().__init__(choices=[("", "请选择"), *groups], **kwargs)

    def clean(self, value):
        value = super().clean(value)
        kind, _, pk = value.partition("-")
        found = (self.workshops if kind == "workshop" else self.posts).get(pk)
        if found is None:
            raise forms.ValidationError("请选择扶贫车间或公益性岗位。")
        return found


class LaborerPlacementForm(PlacementForm):
    """Placing from the laborer's page: the site comes from the officer's editable sites."""

    def __init__(self, *args, workshops, posts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"] = SiteChoiceField(
            workshops=workshops, posts=posts, label="安置到", required=True
        )
        self.order_fields(["site"])


class PlacementEndForm(forms.Form):
    end_date = forms.DateField(
        label="离岗日期",
        widget=DateInput(),
        help_text="最后一天在岗的日期。",
        error_messages={"required": "请填写离岗日期。", "invalid": "离岗日期格式不对。"},
    )
    note = forms.CharField(
        label="离岗原因", max_length=80, required=False, help_text="如：转移外出务工、合同期满。"
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("end_date", today())
        super().__init__(*args, **kwargs)
