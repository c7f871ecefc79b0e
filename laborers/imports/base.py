"""The import pipeline every spreadsheet importer shares.

An importer declares its ``columns`` (``xiushan_jobs.lib.importing.Column``) and
implements ``check`` (validate parsed rows in bulk and plan the writes, recording issues
and diffs in the report) and ``write`` (carry out a plan inside the caller's
transaction). ``run_import`` does the rest, the same way for the web pages, the worker
and the command line:

    reading   open the file (limits, bad files), find the header, parse every cell
    checking  the importer's ``check``: rules, scope, duplicates, diff against the database
    applying  (commit only) one transaction: ``verify`` the plan still holds (else re-check);
              when the batch was previewed, the plan's ``snapshot`` must be the one the
              preview showed, else nothing is written and the report says what changed
              since (``report.since``); then ``write`` it, history rows carrying the batch

A refused file (not a spreadsheet, empty, header-only, no header, missing required
columns, over a limit) comes back as ``report.refused`` with nothing written.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.conf import settings
from django.db import transaction
from django.utils import translation

from xiushan_jobs.lib.idnumber import mask_id_number
from xiushan_jobs.lib.importing import (
    ChangedSince,
    Column,
    Header,
    HeaderNotFound,
    Issue,
    Report,
    SourceRow,
    data_rows,
    find_header,
    missing_columns,
)
from xiushan_jobs.lib.scope import is_read_only, role_of
from xiushan_jobs.lib.spreadsheet import Limits, SpreadsheetError, open_table
from xiushan_jobs.lib.workbooks import NOTE_HEADER

#: callables ``(stage, done, total)``; stages: "reading", "checking", "applying"
ProgressCallback = Callable[[str, int, int], None]

STAGES = {"reading": "读取文件", "checking": "核对数据", "applying": "写入数据库"}


class Refused(Exception):
    """The whole file is refused; the message says why, in Chinese."""


@dataclass
class Plan:
    """What ``check`` decided; importers subclass it with their own write lists."""

    rows: list[SourceRow] = field(default_factory=list)


class Importer:
    """Base class of spreadsheet importers (see module docstring)."""

    #: templates read ``title`` and ``description`` off the class without calling it
    do_not_call_in_templates: ClassVar[bool] = True
    #: ``ImportBatch.Kind`` value
    kind: ClassVar[str] = ""
    #: shown on pages and in the template, e.g. "村级调查表"
    title: ClassVar[str] = ""
    #: one or two sentences on the upload page saying what the file is for
    description: ClassVar[str] = ""
    columns: ClassVar[Sequence[Column]] = ()
    #: roles that may upload this kind (empty: every role that may write)
    roles: ClassVar[tuple[str, ...]] = ()
    #: what an upload needs besides its file (e.g. the training class a sign-in sheet is
    #: for): a ``laborers.imports.forms.ImportParamsForm`` subclass, shown beside the file
    #: field; its ``batch_params()`` are stored on the batch (``ImportBatch.params``) and
    #: come back to every step of the pipeline as ``self.params``
    params_form: ClassVar[type | None] = None

    def __init__(self, *, user: Any, batch: Any = None, params: dict[str, Any] | None = None):
        self.user = user
        self.batch = batch
        self.params: dict[str, Any] = dict(params or {})
        #: the header ``run_import`` found; available to ``check``
        self.header: Header | None = None

    @classmethod
    def may_upload(cls, user: Any) -> bool:
        role = role_of(user)
        return not is_read_only(user) and (not cls.roles or role in cls.roles)

    # --- to override ---------------------------------------------------------------------
    def required_columns(self) -> list[Column]:
        return [c for c in self.columns if c.required]

    def check(self, rows: list[SourceRow], report: Report) -> Plan:
        """Validate ``rows`` in bulk and plan the writes. Raise ``Refused`` to refuse the
        whole file (e.g. the batch's parameters no longer hold)."""
        raise NotImplementedError

    def verify(self, plan: Plan) -> bool:
        """Inside the write transaction: does the plan still match the database? When
        not (someone changed a record since ``check``), the pipeline checks again."""
        return True

    def write(self, plan: Plan) -> None:
        raise NotImplementedError

    def snapshot(self, plan: Plan) -> dict[str, Any]:
        """A JSON fingerprint of the plan: under ``writes``, every record it writes (its
        version and newest history row) and every key it creates; a confirmed batch is
        written only while ``writes`` is what its preview showed. Other keys may hold what
        ``changed_since`` needs."""
        return {}

    def changed_since(self, before: dict[str, Any], plan: Plan) -> list[ChangedSince]:
        """The records whose fingerprint differs between ``before`` (the preview's
        snapshot) and ``plan``: who changed or created them since, when and how."""
        return []

    def row_person(self, row: SourceRow) -> str:
        """Who a row is about, for its error messages: the name and the masked ID number."""
        name = str(row.values.get("name") or "")
        number = row.values.get("id_number") or ""
        return " ".join(p for p in (name, mask_id_number(number) if number else "") if p)

    def instructions(self) -> list[str]:
        return []

    def template_choice_lists(self) -> dict[str, list[str]]:
        return {}

    def describe_params(self) -> list[tuple[str, str, str]]:
        """``(label, value, url)`` lines naming ``self.params`` on the batch page (the url
        may be empty)."""
        return []

    # --- shared helpers ------------------------------------------------------------------
    def column_issue(self, row: SourceRow, key: str, message: str, kind: str = "error") -> None:
        """An issue at the cell of column ``key``, named as the file writes it; on the whole
        row when the file has no such column (or ``key`` is empty)."""
        pos = self.header.positions.get(key) if self.header and key else None
        written = self.header.as_written(key) if pos is not None else ""
        label = next((c.label for c in self.columns if c.key == key), "")
        row.issues.append(
            Issue(row.number, written or (label if pos is not None else ""), message, pos, kind)
        )

    def field_errors(
        self, row: SourceRow, errors: dict[str, list[str]], labels: dict[str, str]
    ) -> None:
        """A model's validation errors as issues: each at its column's cell when the file
        has that column (unless the cell already has its message, e.g. from its parser),
        else on the whole row, naming the field by ``labels``."""
        positions = self.header.positions
        reported = {i.position for i in row.issues}
        for key, messages in errors.items():
            target = key if key in positions else ""
            if target and positions[target] in reported:
                continue
            message = "；".join(messages)
            if not target and key in labels:
                message = f"{labels[key]}：{message}"
            self.column_issue(row, target, message)

    def rows_by_id_number(self, rows: list[SourceRow]) -> dict[str, list[SourceRow]]:
        """The rows by their ``id_number`` value; a number on more than one row of the file
        is an error on each of them."""
        by_id: dict[str, list[SourceRow]] = defaultdict(list)
        for row in rows:
            by_id[row.values["id_number"]].append(row)
        for number, same in by_id.items():
            if len(same) > 1:
                where = "、".join(str(r.number) for r in same)
                for row in same:
                    self.column_issue(
                        row,
                        "id_number",
                        f"身份证号码 {mask_id_number(number)} 在文件中出现了多次"
                        f"（第 {where} 行）：请只保留一行。",
                    )
        return by_id

    def history_extra(self) -> dict[str, Any]:
        return {"import_batch_id": self.batch.pk} if self.batch is not None else {}

    @classmethod
    def all_columns(cls) -> list[Column]:
        """The importer's columns plus the ones every import ignores (序号, 错误说明)."""
        return [*cls.columns, *IGNORED_COLUMNS]


IGNORED_COLUMNS = (
    Column("_seq", "序号", aliases=("编号序号", "No", "No.", "序"), ignored=True),
    Column("_note", NOTE_HEADER, ignored=True),
)

_registry: dict[str, type[Importer]] = {}


def register_importer(importer: type[Importer]) -> type[Importer]:
    """Make an importer known to the pages and the worker by its ``kind``."""
    _registry[importer.kind] = importer
    return importer


def importer_for(kind: str) -> type[Importer]:
    try:
        return _registry[kind]
    except KeyError:
        raise LookupError(f"no importer registered for kind {kind!r}") from None


def registered_importers() -> dict[str, type[Importer]]:
    return dict(_registry)


class _Throttle:
    """Calls ``progress`` at most every ``interval`` seconds (and always at the ends)."""

    def __init__(self, progress: ProgressCallback | None, interval: float = 0.5):
        self.progress = progress
        self.interval = interval
        self.last = 0.0

    def __call__(self, stage: str, done: int, total: int, *, force: bool = False) -> None:
        if self.progress is None:
            return
        now = time.monotonic()
        if force or done >= total or now - self.last >= self.interval:
            self.last = now
            self.progress(stage, done, total)


def read_rows(
    importer: Importer,
    data: bytes,
    filename: str,
    report: Report,
    *,
    limits: Limits | None = None,
    progress: ProgressCallback | None = None,
    corrections: dict[int, dict[int, str]] | None = None,
) -> tuple[Header, list[SourceRow]]:
    """Open, find the header, parse every data row (with the cells corrected on the
    preview page, Excel row → position → text). Raises ``Refused``."""
    limits = limits or Limits.from_settings()
    tick = _Throttle(progress)
    try:
        table = open_table(data, filename, limits)
    except SpreadsheetError as exc:
        raise Refused(str(exc)) from None
    tick("reading", 0, table.height, force=True)
    rows_iter = table.rows
    top: list[list] = []
    for row in rows_iter:
        top.append(list(row))
        if len(top) >= 20:
            break
    if not any(any(str(c).strip() for c in row if c is not None) for row in top):
        raise Refused("文件中没有任何内容：请检查是否选错了文件或工作表。")
    columns = importer.all_columns()
    try:
        header = find_header(top, columns)
    except HeaderNotFound as exc:
        raise Refused(str(exc)) from None
    missing = [c for c in missing_columns(header, importer.required_columns())]
    if missing:
        names = "、".join(f"“{c.label}”" for c in missing)
        raise Refused(
            f"缺少必需的列：{names}。请在表头中加上这些列（可下载空白模板对照），再重新上传。"
        )
    report.header_rows = list(range(header.first_row + 1, header.last_row + 2))
    for text in header.unknown:
        report.warnings.append(f"未识别的列“{text}”：该列的内容不会导入。")

    def remaining():
        yield from top[header.last_row + 1 :]
        yield from rows_iter

    counters: dict[str, int] = {}
    parsed: list[SourceRow] = []
    for row in data_rows(remaining(), header, columns, counters=counters, corrections=corrections):
        parsed.append(row)
        if len(parsed) > limits.max_rows:
            raise Refused(f"数据超过每个文件 {limits.max_rows:,} 行的上限：请分成几个文件上传。")
        if len(parsed) % 1000 == 0:
            tick("reading", row.number, table.height)
    report.skipped = counters.get("skipped", 0)
    if not parsed:
        raise Refused(
            "表格只有表头，没有数据行：请在表头下方填写数据后再上传。"
            if not report.skipped
            else "表格中没有可导入的数据行（只有合计或说明行）。"
        )
    tick("reading", table.height, table.height, force=True)
    return header, parsed


def run_import(
    importer: Importer,
    data: bytes,
    filename: str,
    *,
    commit: bool,
    limits: Limits | None = None,
    progress: ProgressCallback | None = None,
    corrections: dict[int, dict[int, str]] | None = None,
    previewed: dict[str, Any] | None = None,
) -> Report:
    """Read, check and (with ``commit``) apply ``data``. Never raises for a bad file:
    a refusal is ``report.refused``. Errors while writing propagate (nothing is written).

    ``previewed`` is the snapshot of the preview a user confirmed: if the plan
    now writes anything else (a record changed since, a new person registered meanwhile),
    nothing is written and the report, a new preview, lists those changes in ``since``."""
    with translation.override(settings.LANGUAGE_CODE):
        return _run_import(
            importer,
            data,
            filename,
            commit=commit,
            limits=limits,
            progress=progress,
            corrections=corrections,
            previewed=previewed,
        )


def _run_import(
    importer, data, filename, *, commit, limits, progress, corrections, previewed
) -> Report:
    report = Report(file=filename)
    try:
        importer.header, rows = read_rows(
            importer,
            data,
            filename,
            report,
            limits=limits,
            progress=progress,
            corrections=corrections,
        )
    except Refused as exc:
        report.refused = str(exc)
        return report
    report.rows = len(rows)
    # what reading found (unknown columns…); checking adds its own, again if it runs again
    read_warnings = list(report.warnings)
    tick = _Throttle(progress)
    tick("checking", 0, len(rows), force=True)
    try:
        plan = importer.check(rows, report)
    except Refused as exc:
        report.refused = str(exc)
        return report
    tick("checking", len(rows), len(rows), force=True)
    _count_errors(report, rows, importer)
    report.snapshot = importer.snapshot(plan)
    if commit:
        tick("applying", 0, 1, force=True)
        with transaction.atomic():
            if not importer.verify(plan):
                # A record changed between checking and writing: check again, now inside
                # the transaction, so what is written matches what the report says.
                fresh = Report(file=filename, rows=len(rows), skipped=report.skipped)
                fresh.header_rows = report.header_rows
                fresh.warnings = [
                    *read_warnings,
                    "核对之后有记录被他人修改，已按最新数据重新核对后写入。",
                ]
                for row in rows:
                    row.issues.clear()
                report = fresh
                try:
                    plan = importer.check(rows, report)
                except Refused as exc:
                    report.refused = str(exc)
                    return report
                _count_errors(report, rows, importer)
                report.snapshot = importer.snapshot(plan)
            if previewed is not None and report.snapshot.get("writes") != previewed.get("writes"):
                # Writing now would overwrite what the confirming user never saw: write
                # nothing, and hand back a new preview that says what changed since.
                report.since = importer.changed_since(previewed, plan)
                report.warnings = [w for w in report.warnings if "重新核对" not in w]
                return report
            importer.write(plan)
        report.committed = True
        tick("applying", 1, 1, force=True)
    return report


def _count_errors(report: Report, rows: list[SourceRow], importer: Importer) -> None:
    for row in rows:
        if row.issues:
            person = importer.row_person(row)
            for issue in row.issues:
                issue.person = person
    report.issues = [issue for row in rows for issue in row.issues]
    report.issues.sort(key=lambda i: (i.row or 0, i.position if i.position is not None else -1))
    report.error_rows = sum(1 for row in rows if row.issues)


def file_issue(message: str) -> Issue:
    return Issue(row=None, column="", message=message)
