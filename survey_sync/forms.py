from __future__ import annotations

from typing import Any

from django import forms

from laborers.models import Township
from survey_sync.models import SyncProfile, SyncRun
from xiushan_jobs.lib.scope import is_county


class SyncForm(forms.Form):
    """What to write: which area (the county picks; a township officer writes their own),
    whole or changes only, in which layout."""

    township = forms.ModelChoiceField(
        Township.objects.none(), label="范围", required=False, empty_label="全县"
    )
    mode = forms.ChoiceField(label="方式", choices=SyncRun.Mode.choices, initial=SyncRun.Mode.DELTA)
    profile = forms.ModelChoiceField(SyncProfile.objects.all(), label="导入格式", empty_label=None)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        if is_county(user):
            self.fields["township"].queryset = Township.objects.all()
        else:
            del self.fields["township"]

    def area(self) -> Township | None:
        if "township" in self.fields:
            return self.cleaned_data.get("township")
        return self.user.township
