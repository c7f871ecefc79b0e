"""The enrollment import (培训签到表): an organizer's sign-in sheet for one training class,
through the shared import pipeline (``laborers.imports``: upload page, background worker,
preview, annotated workbook, template, limits, history).

The class is a parameter of the batch (chosen beside the file on the upload page, or
preset from the class page), not a column: a sign-in sheet is one class's. Each row is a
trainee matched by ID number: a registered poor laborer in the importing user's area
becomes a poor trainee (the name must agree with the registry); anyone else is a non-poor
trainee (name and ID number validated by the same ``IdNumberField`` rules as the forms),
except a laborer registered outside the user's area, which is a conflict, never a
non-poor trainee. Rows already in the class are updated (attendance, completion,
certificate); unchanged rows write nothing.

The rules are the models' own (``Enrollment.check_rules``: days within the class's
period, completion only after the class finished, certificates only on completion) plus
rectification item 57 on subsidies (a class's rates obey it by a model rule and a database
constraint): a sheet's subsidy column, if any, must match the class's rate for that
trainee, and a non-poor trainee of a class paid from East-West cooperation funds is refused
any subsidy on the sheet and told, in the preview, that they are owed nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse

from laborers.imports.base import Importer, Plan, Refused, register_importer
from laborers.imports.forms import ImportParamsForm
from laborers.models import ImportBatch, Laborer
from laborers.templatetags.laborers_extras import yuan
from training.choices import RECTIFICATION_57, ClassStatus
from training.models import Enrollment, TrainingClass
from xiushan_jobs.lib import bulk
from xiushan_jobs.lib.importing import (
    Column,
    FieldChange,
    Report,
    RowChange,
    SourceRow,
    chunked,
    display_value,
)
from xiushan_jobs.lib.roles import Role
from xiushan_jobs.lib.text import squeeze
from xiushan_jobs.lib.values import (
    cell_text,
    parse_code,
    parse_id_cell,
    parse_name,
    parse_phone,
    parse_whole_number,
    parse_yes_no,
)

_COMPLETED_WORDS = {"已结业": True, "结业": True, "合格": True, "未结业": False, "不合格": False}


def _completed(value: object) -> bool:
    text = squeeze(cell_text(value))
    if text in _COMPLETED_WORDS:
        return _COMPLETED_WORDS[text]
    return parse_yes_no(value)


def _days(value: object) -> int:
    days = parse_whole_number(value, what="出勤天数")
    if days is not None and days < 0:
        raise ValueError("出勤天数不能为负数。")
    return days or 0


def _rate(value: object) -> Decimal | None:
    text = cell_text(value).removesuffix("元").removesuffix("元/天")
    if not text:
        return None
    try:
        rate = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"补贴标准应为数字（元/天），不是“{cell_text(value)}”。") from None
    if rate < 0:
        raise ValueError("补贴标准不能为负数。")
    return rate


COLUMNS: tuple[Column, ...] = (
    Column(
        "name",
        "姓名",
        aliases=("学员姓名", "参训人员姓名", "学员"),
        parse=parse_name,
        required=True,
    ),
    Column(
        "id_number",
        "身份证号码",
        aliases=("身份证号", "公民身份号码", "身份证", "证件号码", "身份证件号码"),
        parse=parse_id_cell,
        required=True,
        help="18 位公民身份号码，用于匹配已登记的贫困劳动力。本列须为“文本”格式。",
        text_format=True,
        width=22,
        personal="id_number",
    ),
    Column(
        "phone",
        "联系电话",
        aliases=("电话", "手机", "手机号码", "联系方式"),
        parse=parse_phone,
        help="非贫困学员的手机号码；贫困劳动力的电话以登记信息为准，本列不改动。",
        text_format=True,
        width=14,
        personal="phone",
    ),
    Column(
        "days_attended",
        "出勤天数",
        aliases=("参训天数", "培训天数", "签到天数", "出勤（天）", "实际培训天数", "出勤"),
        parse=_days,
        help="不超过培训期的天数；培训班开班后填写。",
        width=10,
    ),
    Column(
        "completed",
        "是否结业",
        aliases=("结业", "结业情况", "是否合格", "考核结果"),
        parse=_completed,
        choices=("是", "否"),
        help="培训班结业后填写：是/否（已结业、合格也可）。",
        width=10,
    ),
    Column(
        "skill",
        "取得证书或技能",
        aliases=("取得证书", "证书名称", "获得证书", "掌握技能", "取得技能", "证书或技能"),
        help="如“中式烹调师（五级）职业技能等级证书”；结业的学员才填写。",
        width=28,
    ),
    Column(
        "certificate_number",
        "证书编号",
        aliases=("证书号", "证书号码"),
        parse=lambda v: parse_code(v, what="证书编号"),
        text_format=True,
        width=18,
    ),
    Column(
        "daily_rate",
        "补贴标准（元/天）",
        aliases=("补贴标准", "每天补贴", "日补贴标准", "补贴（元/天）", "补贴标准(元/人/天)"),
        parse=_rate,
        help="可不填；填写时须与本班对贫困或非贫困学员的标准一致（整改第57项）。",
        width=12,
    ),
    Column("note", "备注", aliases=("说明",), width=20),
)
_LABELS = {c.key: c.label for c in COLUMNS}
#: how a field is named when its error cannot sit at a cell of the file
_FIELD_LABELS = {
    **{f.name: str(f.verbose_name) for f in Enrollment._meta.concrete_fields},
    **_LABELS,
}
#: row columns written to an enrollment (the sheet's subsidy column is only checked)
WRITTEN = ("days_attended", "completed", "skill", "certificate_number", "note")
NON_POOR_FIELDS = ("name", "id_number", "phone")
_ATTNAMES = [f.attname for f in Enrollment._meta.concrete_fields]


class EnrollmentParamsForm(ImportParamsForm):
    training_class = forms.ModelChoiceField(
        label="培训班",
        queryset=TrainingClass.objects.none(),
        empty_label="请选择培训班",
        error_messages={"required": "请选择签到表所属的培训班。"},
        help_text="只列出您可以管理、未取消的培训班。",
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any):
        super().__init__(*args, user=user, **kwargs)
        self.fields["training_class"].queryset = (
            TrainingClass.objects.editable_by(user)
            .exclude(status=ClassStatus.CANCELLED)
            .select_related("trade")
            .order_by("-start_date", "-pk")
        )

    def batch_params(self) -> dict[str, Any]:
        return {"training_class": self.cleaned_data["training_class"].pk}


@dataclass
class EnrollmentPlan(Plan):
    new: list[Enrollment] = field(default_factory=list)
    changed: list[Enrollment] = field(default_factory=list)
    #: pk → updated_at seen while checking (the class's own under key 0)
    seen: dict[int, Any] = field(default_factory=dict)
    class_updated_at: Any = None


@register_importer
class EnrollmentImporter(Importer):
    kind = ImportBatch.Kind.ENROLLMENT
    title = "培训签到表"
    description = (
        "培训机构的签到表或结业名册：按身份证号码把学员登记到所选培训班，更新出勤天数、"
        "结业和取得的证书或技能。已登记的贫困劳动力按贫困学员登记，其他人按非贫困学员登记。"
    )
    columns = COLUMNS
    roles = (Role.COUNTY, Role.TOWNSHIP)
    params_form = EnrollmentParamsForm

    # --- declarations --------------------------------------------------------------------
    def instructions(self) -> list[str]:
        return [
            "一个文件对应一个培训班：上传时在页面上选择培训班。一行填写一名学员。",
            "按身份证号码匹配：已登记的贫困劳动力按贫困学员登记（姓名须与登记一致），"
            "未登记的人按非贫困学员登记（须填写姓名和有效的身份证号码）。",
            "出勤天数不超过培训期天数；培训班状态为“已结业”后才能登记结业，结业的学员才能"
            "填写取得的证书或技能。",
            "“补贴标准（元/天）”列可不填；填写时须与本班标准一致。贫困与非贫困学员实行差异化"
            f"补贴，东西部扶贫协作资金不得用于非贫困户补助（{RECTIFICATION_57}）。",
            "同一文件可以再次上传：已在本班的学员按表中内容更新，表中没有的列不改动。",
            "身份证号码列已设为“文本”格式，请勿改为数字格式。上传后先预览，确认后才写入。",
        ]

    def describe_params(self) -> list[tuple[str, str, str]]:
        klass = self._class(required=False)
        if klass is None:
            return [("培训班", "（已删除或无权查看）", "")]
        return [("培训班", klass.name, reverse("training:class_detail", args=[klass.pk]))]

    def _class(self, *, required: bool = True) -> TrainingClass | None:
        pk = self.params.get("training_class")
        klass = (
            TrainingClass.objects.editable_by(self.user)
            .select_related("trade")
            .filter(pk=pk)
            .first()
        )
        if klass is None and required:
            raise Refused("签到表所属的培训班不存在，或您已无权管理它：请重新选择培训班后上传。")
        return klass

    # --- checking ------------------------------------------------------------------------
    def check(self, rows: list[SourceRow], report: Report) -> EnrollmentPlan:
        klass = self._class()
        if klass.status == ClassStatus.CANCELLED:
            raise Refused(f"培训班“{klass.name}”已取消，不能导入学员。")
        plan = EnrollmentPlan(rows=rows, class_updated_at=klass.updated_at)
        present = set(self.header.positions)
        candidates = []
        for row in rows:
            for key in ("name", "id_number"):
                if key in row.values and not row.values[key]:
                    self.column_issue(row, key, f"{_LABELS[key]}不能为空。")
            if row.values.get("id_number"):
                candidates.append(row)
        by_id = self.rows_by_id_number(candidates)
        registered, mine = self._load_laborers(list(by_id))
        existing = list(Enrollment.objects.filter(training_class=klass).values(*_ATTNAMES))
        by_laborer = {e["laborer_id"]: e for e in existing if e["laborer_id"]}
        by_number = {e["id_number"]: e for e in existing if not e["laborer_id"]}
        counts = {"poor": 0, "non_poor": 0}
        for row in candidates:
            if row.issues:
                self._validate(row, Enrollment(training_class=klass), present)
                continue
            number = row.values["id_number"]
            laborer = mine.get(number)
            if laborer is None and number in registered:
                township = registered[number]["household__village__township__name"]
                self.column_issue(
                    row,
                    "id_number",
                    f"该身份证号码已在{township}登记为贫困劳动力，不在您的管辖范围内：不能作为"
                    "非贫困学员导入。请由县就业人才局导入，或联系该乡镇（街道）。",
                    kind="conflict",
                )
                continue
            if laborer is not None and row.values.get("name") != laborer["name"]:
                self.column_issue(
                    row,
                    "name",
                    f"该身份证号码登记的贫困劳动力姓名为“{laborer['name']}”，与表中"
                    f"“{row.values.get('name')}”不一致：请核对身份证号码或姓名。",
                )
                continue
            record = (
                by_laborer.get(laborer["pk"]) or by_number.get(number)
                if laborer is not None
                else by_number.get(number)
            )
            enrollment = Enrollment(**record) if record is not None else Enrollment(days_attended=0)
            enrollment.training_class = klass
            if laborer is not None:
                enrollment.laborer_id = laborer["pk"]
                enrollment.name = enrollment.id_number = enrollment.phone = ""
            else:
                enrollment.laborer_id = None
                enrollment.name = row.values["name"]
                enrollment.id_number = number
                if "phone" in present:
                    enrollment.phone = row.values.get("phone", "")
            if not self._validate(row, enrollment, present):
                continue
            if not self._check_rate(row, klass, poor=laborer is not None):
                continue
            counts["poor" if laborer is not None else "non_poor"] += 1
            self._plan_row(row, enrollment, record, plan, report)
        self._summarise(klass, counts, report)
        return plan

    def _load_laborers(self, numbers: list[str]) -> tuple[dict[str, dict], dict[str, dict]]:
        """Every registered laborer with these ID numbers, and those the user may enroll."""
        registered: dict[str, dict] = {}
        mine: dict[str, dict] = {}
        fields = ["pk", "name", "id_number", "household__village__township__name"]
        for chunk in chunked(numbers):
            for values in Laborer.objects.filter(id_number__in=chunk).values(*fields):
                registered[values["id_number"]] = values
            for values in (
                Laborer.objects.editable_by(self.user).filter(id_number__in=chunk).values(*fields)
            ):
                mine[values["id_number"]] = values
        return registered, mine

    def _validate(self, row: SourceRow, enrollment: Enrollment, present: set[str]) -> bool:
        """The row's values on ``enrollment``, checked with the model's field validators
        (ID number, phone) and its rules, without a query."""
        for key in WRITTEN:
            if key in present and key in row.values:
                setattr(enrollment, key, row.values[key])
        if not enrollment.laborer_id:
            enrollment.name = row.values.get("name", "")
        errors: dict[str, list[str]] = {}
        try:
            enrollment.clean_fields(exclude=["training_class", "laborer"])
        except ValidationError as exc:
            errors.update(exc.message_dict)
        for key, message in enrollment.check_rules().items():
            errors.setdefault(key, []).append(message)
        if not errors:
            return True
        self.field_errors(row, errors, _FIELD_LABELS)
        return False

    def _check_rate(self, row: SourceRow, klass: TrainingClass, *, poor: bool) -> bool:
        """A subsidy rate written on the sheet must be the class's for this trainee."""
        rate = row.values.get("daily_rate")
        if rate is None:
            return True
        expected = klass.daily_rate(poor=poor)
        if rate == expected:
            return True
        if not poor and klass.is_east_west_funded:
            message = (
                f"本班由东西部扶贫协作资金支付，东西部扶贫协作资金不得用于非贫困户补助"
                f"（{RECTIFICATION_57}）：非贫困学员的补贴标准应为 0，不是 {yuan(rate)} 元/天。"
            )
        else:
            who = "贫困学员" if poor else "非贫困学员"
            message = (
                f"补贴标准 {yuan(rate)} 元/天与本班{who}标准 {yuan(expected)} 元/天不一致："
                "贫困与非贫困学员"
                f"实行差异化补贴（{RECTIFICATION_57}），请按本班标准填写，或先修改培训班的补贴标准。"
            )
        self.column_issue(row, "daily_rate", message)
        return False

    def _plan_row(self, row, enrollment, record, plan: EnrollmentPlan, report: Report) -> None:
        label = row.values.get("name", "")
        if record is None:
            plan.new.append(enrollment)
            report.created += 1
            return
        changes = []
        if record["laborer_id"] != enrollment.laborer_id:
            changes.append(FieldChange("学员类别", "非贫困学员", "贫困劳动力"))
        for key in (*WRITTEN, "phone"):
            old, new = record[key], getattr(enrollment, key)
            if old != new and not (key == "phone" and enrollment.laborer_id):
                personal = "phone" if key == "phone" else ""
                changes.append(
                    FieldChange(_LABELS[key], display_value(old), display_value(new), personal)
                )
        if not changes:
            report.unchanged += 1
            return
        plan.changed.append(enrollment)
        plan.seen[enrollment.pk] = record["updated_at"]
        report.updated += 1
        report.changes.append(
            RowChange(row.number, label, row.values["id_number"], changes, "id_number")
        )

    def _summarise(self, klass: TrainingClass, counts: dict[str, int], report: Report) -> None:
        if counts["poor"] or counts["non_poor"]:
            report.warnings.append(
                f"按身份证号码匹配：{counts['poor']} 人是已登记的贫困劳动力（按贫困学员标准 "
                f"{yuan(klass.poor_daily_subsidy)} 元/天补贴），"
                f"{counts['non_poor']} 人按非贫困学员登记。"
            )
        if counts["non_poor"] and klass.is_east_west_funded:
            report.warnings.append(
                f"本班由东西部扶贫协作资金支付：表中 {counts['non_poor']} 名非贫困学员"
                f"不发放培训补贴（东西部扶贫协作资金不得用于非贫困户补助，{RECTIFICATION_57}）。"
            )

    # --- applying ------------------------------------------------------------------------
    def verify(self, plan: EnrollmentPlan) -> bool:
        """The class (its rates, status, dates) and the enrollments the plan changes are
        as they were when checked, and nobody enrolled the new trainees meanwhile."""
        klass = plan.new[0].training_class if plan.new else None
        klass = klass or (plan.changed[0].training_class if plan.changed else None)
        if klass is None:
            return True
        current = TrainingClass.objects.select_for_update().filter(pk=klass.pk).first()
        if current is None or current.updated_at != plan.class_updated_at:
            return False
        for chunk in chunked(list(plan.seen)):
            found = dict(
                Enrollment.objects.select_for_update()
                .filter(pk__in=chunk)
                .values_list("pk", "updated_at")
            )
            if any(found.get(pk) != plan.seen[pk] for pk in chunk):
                return False
        taken = Enrollment.objects.filter(training_class=klass)
        laborers = [e.laborer_id for e in plan.new if e.laborer_id]
        numbers = [e.id_number for e in plan.new if not e.laborer_id]
        return not (
            taken.filter(laborer_id__in=laborers).exists()
            or taken.filter(laborer__isnull=True, id_number__in=numbers).exists()
        )

    def touched(self, plan: EnrollmentPlan) -> tuple[set[int], set[int]]:
        return {e.laborer_id for e in (*plan.new, *plan.changed) if e.laborer_id}, set()

    def write(self, plan: EnrollmentPlan) -> None:
        extra = self.history_extra()
        reason = f"{self.title}导入" + (
            f"（批次 #{self.batch.pk}）" if self.batch is not None else ""
        )
        bulk.insert(Enrollment, plan.new)
        bulk.insert_history(Enrollment, plan.new, user=self.user, reason=reason, extra=extra)
        bulk.update(Enrollment, plan.changed, ["laborer_id", *NON_POOR_FIELDS, *WRITTEN])
        bulk.insert_history(
            Enrollment, plan.changed, history_type="~", user=self.user, reason=reason, extra=extra
        )
