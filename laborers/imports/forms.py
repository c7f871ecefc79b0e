from typing import Any

from django import forms

from xiushan_jobs.lib.spreadsheet import ACCEPTED_SUFFIXES, Limits


class UploadForm(forms.Form):
    file = forms.FileField(
        label="文件",
        help_text="Excel 或 WPS 保存的表格（.xlsx、.xls、.ods）或 CSV 文件。",
        error_messages={
            "required": "请选择要上传的文件。",
            "empty": "文件是空的：请检查是否选错了文件。",
        },
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(sorted(ACCEPTED_SUFFIXES))}),
    )

    def __init__(self, *args, title: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if title:
            self.fields["file"].label = f"{title}文件"

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limits = Limits.from_settings()
        if upload.size > limits.max_bytes:
            raise forms.ValidationError(
                f"文件太大（{upload.size / 1048576:.1f} MB），上限为 "
                f"{limits.max_bytes / 1048576:.0f} MB：请分成几个文件上传。"
            )
        # What the file is comes from its content, checked when the batch is read (a
        # workbook saved from WeChat may arrive without its extension, or with a wrong one).
        return upload


class ImportParamsForm(forms.Form):
    """What an upload of some kind needs besides its file (``Importer.params_form``).

    Built with the uploading ``user`` (choices come from the user's scope); once valid,
    ``batch_params()`` gives the JSON-serialisable dict stored on the batch."""

    def __init__(self, *args: Any, user: Any, **kwargs: Any):
        self.user = user
        super().__init__(*args, **kwargs)

    def batch_params(self) -> dict[str, Any]:
        raise NotImplementedError
