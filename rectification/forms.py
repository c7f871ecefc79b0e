"""Forms validate and normalise; the rules of the workflow live in services.py."""

from __future__ import annotations

from django import forms
from django.conf import settings

from rectification.evidence import ACCEPT, ALLOWED_DESCRIPTION
from rectification.models import Task
from xiushan_jobs.lib.clock import today
from xiushan_jobs.lib.fields import PlainTextFormField

MAX_FILES_PER_REPORT = 10


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern); each is checked by
    content in the service, with a message naming the file."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class ReportForm(forms.Form):
    date = forms.DateField(
        label="进展日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    text = PlainTextFormField(
        label="进展情况",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        help_text="做了什么、取得了什么结果，有数字的写明数字。",
    )
    files = MultipleFileField(
        label="佐证材料",
        required=False,
        help_text="",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = today()
        self.fields["date"].widget.attrs["max"] = today().isoformat()
        self.fields["files"].help_text = (
            f"可一次选择多个文件（最多 {MAX_FILES_PER_REPORT} 个）：{ALLOWED_DESCRIPTION}，"
            f"单个文件不超过 {settings.RECTIFICATION_EVIDENCE_MAX_MB} MB。"
            "申请销号前至少要有一条进展附有佐证材料。"
        )

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > today():
            raise forms.ValidationError("进展日期不能晚于今天。")
        return date

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError("请填写进展情况。")
        return text

    def clean_files(self):
        files = self.cleaned_data["files"]
        if len(files) > MAX_FILES_PER_REPORT:
            raise forms.ValidationError(
                f"一次最多上传 {MAX_FILES_PER_REPORT} 个文件，您选择了 {len(files)} 个。"
            )
        return files


class ReasonForm(forms.Form):
    reason = PlainTextFormField(
        label="说明", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False
    )


class RequiredReasonForm(ReasonForm):
    reason = PlainTextFormField(
        label="理由",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "必须填写理由。"},
    )


class TaskForm(forms.ModelForm):
    class Meta:
        model = Task
        fields = [
            "source",
            "category",
            "subcategory",
            "problem_number",
            "problem",
            "finding",
            "measure_number",
            "measure",
            "deadline",
            "deadline_text",
            "is_ongoing",
            "leader",
            "lead_unit",
            "responsible_units",
            "note",
            "transcription_note",
        ]
        widgets = {
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "problem": forms.Textarea(attrs={"rows": 3}),
            "finding": forms.Textarea(attrs={"rows": 5}),
            "measure": forms.Textarea(attrs={"rows": 5}),
            "note": forms.Textarea(attrs={"rows": 2}),
            "transcription_note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("category", "problem", "finding", "measure", "note", "transcription_note"):
            self.fields[name].wide = True  # takes the whole width of the form grid

    def clean(self):
        # Whitespace only: full-width punctuation （）“” is part of the official wording.
        cleaned = super().clean()
        for name in ("category", "subcategory", "deadline_text", "leader", "lead_unit"):
            if isinstance(cleaned.get(name), str):
                cleaned[name] = " ".join(cleaned[name].split())
        if "长期坚持" in cleaned.get("deadline_text", "") and not cleaned.get("is_ongoing"):
            self.add_error(
                "is_ongoing", "整改时限原文含“长期坚持”：请勾选“长期坚持”，销号后按季度报送进展。"
            )
        return cleaned
