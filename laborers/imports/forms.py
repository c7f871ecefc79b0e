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


class RowFixForm(forms.Form):
    """An error row of a previewed batch as a small form: one text field per cell the
    importer reads, in the file's order, under the header as the file writes it. ID
    numbers and phones are never put in the page: their field starts empty with the
    masked value as a hint, and stays as uploaded unless something is typed."""

    def __init__(self, *args: Any, cells: list, masks: dict, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.cells = cells
        for column, written, pos, text in cells:
            mask = masks.get(column.personal)
            field = forms.CharField(label=written, required=False, max_length=200)
            if mask:
                shown = mask(text)
                field.widget.attrs["placeholder"] = shown or "（空）"
                field.help_text = "留空则保持原值；需要修改时填写完整号码。"
            else:
                field.initial = text
            field.widget.attrs["autocomplete"] = "off"
            self.fields[f"c{pos}"] = field

    def corrections(self) -> dict[int, str]:
        """Only the cells the user changed: position → text. A cell the request did not
        send is left alone."""
        out = {}
        for column, _written, pos, text in self.cells:
            if self.add_prefix(f"c{pos}") not in self.data:
                continue
            typed = (self.cleaned_data.get(f"c{pos}") or "").strip()
            if column.personal:
                if typed:
                    out[pos] = typed
            elif typed != text:
                out[pos] = typed
        return out
