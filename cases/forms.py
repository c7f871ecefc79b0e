from django import forms

from cases.models import DismissalReason, VerifyResult


class VerifyForm(forms.Form):
    result = forms.ChoiceField(
        label="核实结果", choices=VerifyResult.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label="核实情况", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class NoteForm(forms.Form):
    text = forms.CharField(label="帮扶记录", widget=forms.Textarea(attrs={"rows": 3}))


class DismissForm(forms.Form):
    reason = forms.ChoiceField(label="不予处置原因", choices=DismissalReason.choices)
    note = forms.CharField(label="说明", max_length=200, required=False)


class CommentForm(forms.Form):
    text = forms.CharField(label="意见", widget=forms.Textarea(attrs={"rows": 3}))
