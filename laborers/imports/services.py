"""The life of an import batch: upload → check (preview) → confirm → apply, each step
run as a background task (``laborers/imports/tasks.py``, run by ``manage.py db_worker``)
or, with ``XJ_IMPORT_INLINE`` (tests, the command line), right away.

    queued ──check──▶ preview ──confirm──▶ confirmed ──apply──▶ applied
       │                 │                                  └──▶ failed (nothing written)
       └──▶ refused      └──cancel──▶ cancelled

A batch is claimed by one compare-and-set UPDATE on its status, so several workers (and
a duplicate task) are safe; a worker that died mid-way is noticed by its stale heartbeat
and its batch goes back to the queue (a rolled-back apply wrote nothing).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db.models import Q
from django.utils import timezone

from laborers.imports.base import Importer, importer_for, run_import
from laborers.models import ImportBatch
from xiushan_jobs.lib.importing import Column, Report, corrected, find_header
from xiushan_jobs.lib.roles import Role
from xiushan_jobs.lib.scope import is_read_only, role_of
from xiushan_jobs.lib.spreadsheet import Limits
from xiushan_jobs.lib.workbooks import annotated_workbook, blank_template

logger = logging.getLogger(__name__)
Status = ImportBatch.Status
ACTIVE = (Status.QUEUED, Status.RUNNING, Status.CONFIRMED, Status.APPLYING)


def _area(user: Any) -> dict[str, Any]:
    role = role_of(user)
    if role == Role.TOWNSHIP:
        return {"township_id": user.township_id, "village_id": None}
    if role == Role.VILLAGE:
        return {"township_id": user.village.township_id, "village_id": user.village_id}
    return {"township_id": None, "village_id": None}


def previous_import(
    *, kind: str, sha256: str, user: Any, params: dict | None = None, exclude: int | None = None
):
    """The latest applied batch of the same file, for the same parameters (the same sign-in
    sheet uploaded for another class is not a copy), that the user can see, if any."""
    found = ImportBatch.objects.visible_to(user).filter(
        kind=kind, sha256=sha256, status=Status.APPLIED
    )
    if exclude:
        found = found.exclude(pk=exclude)
    # JSON equality differs between databases; the same file is applied a handful of times
    for batch in found.select_related("user").order_by("-applied_at", "-pk"):
        if batch.params == (params or {}):
            return batch
    return None


def _new_batch(
    *,
    user: Any,
    kind: str,
    file_name: str,
    data: bytes,
    params: dict | None = None,
    **fields: Any,
) -> ImportBatch:
    """A saved batch holding the uploaded file, its SHA-256, parameters and the user's area."""
    if not importer_for(kind).may_upload(user):
        raise PermissionDenied(
            "只读账号不能导入数据。" if is_read_only(user) else "您无权导入这类文件。"
        )
    digest = hashlib.sha256(data).hexdigest()
    batch = ImportBatch(
        kind=kind,
        user=user,
        file_name=file_name[:255],
        sha256=digest,
        size=len(data),
        params=params or {},
        duplicate_of=previous_import(kind=kind, sha256=digest, user=user, params=params),
        **_area(user),
        **fields,
    )
    # Stored under a random name (the user's name is kept in ``file_name``): what a file is
    # comes from its bytes, and nothing a user typed reaches the disk.
    batch.file.save(f"{uuid.uuid4().hex}.upload", ContentFile(data), save=False)
    batch.save()
    return batch


def import_batch_create(
    *, user: Any, kind: str, file_name: str, data: bytes, params: dict | None = None
) -> ImportBatch:
    """Record an upload (with the parameters its importer's form gave) and queue it."""
    batch = _new_batch(
        user=user, kind=kind, file_name=file_name, data=data, params=params, stage="queued"
    )
    _dispatch(batch)
    return batch


def import_batch_confirm(
    *, batch: ImportBatch, user: Any, clears_acknowledged: bool = False
) -> ImportBatch:
    """Queue a previewed batch for writing. Only its uploader may confirm it; a batch that
    erases stored values (``清空`` cells) only once the uploader acknowledged how many."""
    if batch.user_id != user.pk or is_read_only(user):
        raise PermissionDenied("只有上传该文件的人可以确认导入。")
    report = load_report(batch)
    if report is not None and report.cleared and not clears_acknowledged:
        raise ValidationError(
            f"{report.cleared} 项已有数据将被清空：请勾选“我知道这些数据将被清空”后再确认导入。"
        )
    updated = ImportBatch.objects.filter(pk=batch.pk, status=Status.PREVIEW).update(
        status=Status.CONFIRMED, stage="queued", applied_by=user, progress_done=0
    )
    batch.refresh_from_db()
    if updated:
        _dispatch(batch)
        batch.refresh_from_db()
    return batch


def import_batch_cancel(*, batch: ImportBatch, user: Any) -> ImportBatch:
    if batch.user_id != user.pk or is_read_only(user):
        raise PermissionDenied("只有上传该文件的人可以取消导入。")
    ImportBatch.objects.filter(pk=batch.pk, status__in=(Status.PREVIEW, Status.QUEUED)).update(
        status=Status.CANCELLED, finished_at=timezone.now()
    )
    batch.refresh_from_db()
    return batch


def _dispatch(batch: ImportBatch) -> None:
    if getattr(settings, "XJ_IMPORT_INLINE", False):
        import_batch_process(batch.pk)
        return
    from laborers.imports.tasks import process_import_batch

    # The task is a row written in the same transaction as the batch: no worker sees one
    # without the other.
    process_import_batch.enqueue(batch.pk)


def _progress_writer(batch_id: int) -> Callable[[str, int, int], None]:
    def progress(stage: str, done: int, total: int) -> None:
        ImportBatch.objects.filter(pk=batch_id).update(
            stage=stage, progress_done=done, progress_total=total, heartbeat_at=timezone.now()
        )

    return progress


def _save_report(batch: ImportBatch, report: Report) -> None:
    payload = gzip.compress(json.dumps(report.to_dict(), ensure_ascii=False).encode("utf-8"))
    if batch.report:
        batch.report.delete(save=False)
    batch.report.save(f"batch-{batch.pk}.json.gz", ContentFile(payload), save=False)


def load_report(batch: ImportBatch) -> Report | None:
    if not batch.report:
        return None
    with batch.report.open("rb") as f:
        return Report.from_dict(json.loads(gzip.decompress(f.read())))


def import_batch_process(batch_id: int) -> ImportBatch | None:
    """Run the step a batch is waiting for (check a queued one, apply a confirmed one).
    Returns the batch, or ``None`` when another worker claimed it first."""
    batch = ImportBatch.objects.get(pk=batch_id)
    if batch.status == Status.QUEUED:
        running, commit = Status.RUNNING, False
    elif batch.status == Status.CONFIRMED:
        running, commit = Status.APPLYING, True
    else:
        return None
    # What the confirming user saw: the apply writes only while the plan is still that.
    previewed = None
    if commit and (preview := load_report(batch)) is not None:
        previewed = preview.snapshot
    now = timezone.now()
    claimed = ImportBatch.objects.filter(pk=batch.pk, status=batch.status).update(
        status=running, started_at=now, heartbeat_at=now, stage="reading", progress_done=0
    )
    if not claimed:
        return None
    batch.refresh_from_db()
    importer_class = importer_for(batch.kind)
    # Checks run in the uploader's area (what the preview showed); the history records
    # the person who confirmed.
    importer: Importer = importer_class(
        user=batch.user, batch=batch if commit else None, params=batch.params
    )
    try:
        with batch.file.open("rb") as f:
            data = f.read()
        report = run_import(
            importer,
            data,
            batch.file_name,
            commit=commit,
            limits=Limits.from_settings(),
            progress=_progress_writer(batch.pk),
            corrections=corrections_of(batch),
            previewed=previewed,
        )
    except Exception:
        logger.exception("import batch %s failed", batch.pk)
        _fail(batch)
        return batch
    _finish(batch, report)
    return batch


def _fail(batch: ImportBatch) -> None:
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=Status.FAILED,
        finished_at=timezone.now(),
        message="处理时发生内部错误，数据没有写入（全部回滚）。请稍后重试；如仍失败，请联系县就业人才局。",
    )
    batch.refresh_from_db()


def _finish(batch: ImportBatch, report: Report) -> None:
    _save_report(batch, report)
    now = timezone.now()
    batch.rows = report.rows
    batch.created = report.created
    batch.updated = report.updated
    batch.unchanged = report.unchanged
    batch.skipped = report.skipped
    batch.errors = report.error_rows
    batch.finished_at = now
    batch.heartbeat_at = now
    if report.refused:
        batch.status, batch.message = Status.REFUSED, report.refused
    elif report.committed:
        batch.status, batch.applied_at, batch.message = Status.APPLIED, now, ""
    elif report.since:
        batch.status, batch.applied_by = Status.PREVIEW, None
        batch.message = (
            f"确认时发现预览之后有 {len(report.since)} 条记录被他人修改或新登记，"
            "为免覆盖，没有写入任何数据。下面是按最新数据重新核对的预览和预览之后的变化，"
            "请核对后重新确认。"
        )
    else:
        batch.status, batch.message = Status.PREVIEW, ""
    batch.stage = "done"
    batch.progress_done = batch.progress_total
    batch.save()


# --- correcting error rows on the preview page ----------------------------------------------

#: files up to this many rows are checked again inside the request that corrects a row (a
#: second or two); larger ones go to the worker and the page follows its progress
RECHECK_IN_REQUEST_ROWS = 5000


def corrections_of(batch: ImportBatch) -> dict[int, dict[int, str]]:
    """The batch's corrected cells with integer keys (JSON keeps them as strings)."""
    return {
        int(number): {int(pos): text for pos, text in cells.items()}
        for number, cells in (batch.corrections or {}).items()
    }


def _batch_header(table, importer: Importer):
    top = []
    for cells in table.rows:
        top.append(list(cells))
        if len(top) >= 20:
            break
    return find_header(top, importer.all_columns())


def batch_row_cells(batch: ImportBatch, number: int) -> list[tuple[Column, str, int, Any]]:
    """The cells of data row ``number`` (as Excel numbers it) of the batch's file, with its
    corrections: ``(column, header as written, position, value)`` for each column the
    importer reads, in the file's order. Empty when the row is not in the file."""
    from xiushan_jobs.lib.spreadsheet import open_table

    importer = importer_for(batch.kind)(user=batch.user, params=batch.params)
    with batch.file.open("rb") as f:
        data = f.read()
    limits = Limits.from_settings()
    header = _batch_header(open_table(data, batch.file_name, limits), importer)
    if number <= header.last_row + 1:
        return []
    found = None
    for index, cells in enumerate(open_table(data, batch.file_name, limits).rows, start=1):
        if index == number:
            found = list(cells)
            break
    if found is None:
        return []
    found = corrected(found, corrections_of(batch).get(number))
    out = []
    for column in importer.columns:
        pos = header.positions.get(column.key)
        if pos is not None:
            value = found[pos] if pos < len(found) else None
            out.append((column, header.as_written(column.key) or column.label, pos, value))
    return sorted(out, key=lambda item: item[2])


def import_batch_correct_row(
    *, batch: ImportBatch, user: Any, number: int, cells: dict[int, str]
) -> ImportBatch:
    """Correct cells of an error row of a previewed batch (position → text) and check the
    whole file again (a fix may settle or raise a duplicate elsewhere). Only the uploader,
    only rows the preview reported, only columns the importer reads."""
    if batch.user_id != user.pk or is_read_only(user):
        raise PermissionDenied("只有上传该文件的人可以修改其中的行。")
    if batch.status != Status.PREVIEW:
        raise ValidationError("该批次当前不能修改：只有待确认的批次可以修改错误行。")
    report = load_report(batch)
    if report is None or number not in report.issues_by_row():
        raise ValidationError(f"第 {number} 行没有需要修改的错误。")
    readable = {pos for _c, _w, pos, _v in batch_row_cells(batch, number)}
    if not set(cells) <= readable:
        raise ValidationError("只能修改本导入读取的列。")
    fixes = dict(batch.corrections or {})
    row_fixes = {**fixes.get(str(number), {}), **{str(p): t for p, t in cells.items()}}
    fixes[str(number)] = row_fixes
    updated = ImportBatch.objects.filter(pk=batch.pk, status=Status.PREVIEW).update(
        corrections=fixes, status=Status.QUEUED, stage="queued", progress_done=0
    )
    batch.refresh_from_db()
    if updated:
        if batch.rows <= RECHECK_IN_REQUEST_ROWS and not getattr(
            settings, "XJ_IMPORT_INLINE", False
        ):
            import_batch_process(batch.pk)
        else:
            _dispatch(batch)
        batch.refresh_from_db()
    return batch


# --- recovery ------------------------------------------------------------------------------


def import_batches_requeue_stale(*, older_than: timedelta = timedelta(minutes=10)) -> int:
    """Batches whose worker stopped reporting go back to the queue. An interrupted apply
    was rolled back by the database, so it is safe to run again. Every batch left waiting
    that long gets a new task, since a worker that died may have taken its task with it
    (a duplicate task finds the batch claimed and does nothing). Returns the number of
    batches requeued."""
    cutoff = timezone.now() - older_than
    stale = ImportBatch.objects.filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, created_at__lt=cutoff)
    )
    n = stale.filter(status=Status.RUNNING).update(status=Status.QUEUED, stage="queued")
    n += stale.filter(status=Status.APPLYING).update(status=Status.CONFIRMED, stage="queued")
    for batch in stale.filter(status__in=(Status.QUEUED, Status.CONFIRMED)):
        _dispatch(batch)
    return n


# --- files handed out -----------------------------------------------------------------------


def template_for(*, kind: str, user: Any, params: dict | None = None) -> bytes:
    importer = importer_for(kind)(user=user, params=params)
    return blank_template(
        importer.columns,
        title=importer.title,
        instructions=importer.instructions(),
        choice_lists=importer.template_choice_lists(),
    )


def annotated_workbook_for(batch: ImportBatch) -> bytes | None:
    """The batch's rows that have issues, as uploaded, with the issues marked."""
    report = load_report(batch)
    if report is None or report.refused or not report.issues:
        return None
    from xiushan_jobs.lib.spreadsheet import open_table

    with batch.file.open("rb") as f:
        table = open_table(f.read(), batch.file_name, Limits.from_settings())
    importer = importer_for(batch.kind)(user=batch.user, params=batch.params)
    header_numbers = set(report.header_rows)
    first_header = min(header_numbers) if header_numbers else 1
    header_rows: list[list] = []
    wanted = report.issues_by_row()
    last_wanted = max(wanted) if wanted else 0

    fixes = corrections_of(batch)

    def rows():
        for index, cells in enumerate(table.rows, start=1):
            if index in header_numbers:
                header_rows.append(list(cells))
            elif index > first_header and index in wanted:
                yield index, corrected(cells, fixes.get(index))
            if index >= last_wanted:
                return

    # The header rows come before any data row, so collect them first.
    data = list(rows())
    positions = _header_positions(header_rows, importer)
    return annotated_workbook(
        header_rows=header_rows,
        rows=data,
        issues_by_row=wanted,
        file_issues=[i for i in report.issues if i.row is None],
        text_positions=positions["text"],
        date_positions=positions["date"],
        instructions=importer.instructions(),
    )


def _header_positions(header_rows: list[list], importer: Importer) -> dict[str, set[int]]:
    from xiushan_jobs.lib.importing import find_header

    out: dict[str, set[int]] = {"text": set(), "date": set()}
    try:
        header = find_header(header_rows, importer.all_columns(), min_matches=1)
    except Exception:
        return out
    for column in importer.columns:
        pos = header.positions.get(column.key)
        if pos is None:
            continue
        if column.text_format:
            out["text"].add(pos)
        if column.date_format:
            out["date"].add(pos)
    return out


def import_file_run(
    *,
    user: Any,
    kind: str,
    file_name: str,
    data: bytes,
    commit: bool,
    params: dict | None = None,
    progress=None,
) -> tuple[Report, ImportBatch | None]:
    """The command-line path: a dry run writes nothing; a commit records a batch (so the
    history names the file) and applies in the same pipeline as the pages. A failure
    while writing leaves the batch marked failed and nothing else written."""
    importer_class = importer_for(kind)
    if not commit:
        return run_import(
            importer_class(user=user, params=params),
            data,
            file_name,
            commit=False,
            progress=progress,
        ), None
    batch = _new_batch(
        user=user,
        kind=kind,
        file_name=file_name,
        data=data,
        params=params,
        applied_by=user,
        status=Status.APPLYING,
        stage="reading",
        started_at=timezone.now(),
    )
    try:
        report = run_import(
            importer_class(user=user, batch=batch, params=params),
            data,
            file_name,
            commit=True,
            progress=progress,
        )
    except Exception:
        _fail(batch)
        raise
    _finish(batch, report)
    return report, batch
