"""Writing a sync file for the municipal survey system and recording it."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from openpyxl import Workbook

from laborers.models import Township
from survey_sync.models import SyncProfile, SyncRun
from survey_sync.selectors import (
    Checked,
    check_rows,
    iter_removed_rows,
    previous_run,
    removed_since,
    sync_laborers,
)
from xiushan_jobs.lib.xlsx import inert_row


def plan_sync(
    *, user: Any, township: Township | None, mode: str, profile: SyncProfile
) -> tuple[str, SyncRun | None, Checked, list]:
    """What a file would carry now: its mode (a first file is whole whatever was asked),
    the run it starts from, its checked rows and the laborers removed since."""
    previous = previous_run(township=township, profile=profile)
    if mode == SyncRun.Mode.DELTA and previous is None:
        mode = SyncRun.Mode.FULL
    since = previous.taken_at if mode == SyncRun.Mode.DELTA else None
    carry = previous.refused_ids if since is not None else []
    laborers = sync_laborers(user=user, township=township, since=since, carry=carry)
    checked = check_rows(laborers, profile)
    removed = removed_since(user=user, township=township, since=since) if since else []
    return mode, previous, checked, removed


def _workbook(checked: Checked, removed: list) -> bytes:
    """The municipal import layout: one header row, then rows; every value as text or a
    date, ID numbers and codes as text so no digit is lost."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("劳动力信息")
    sheet.append(inert_row(sheet, checked.headers))
    for row in checked.rows:
        sheet.append(inert_row(sheet, [v if hasattr(v, "year") else str(v) for v in row]))
    if removed:
        gone = book.create_sheet("注销人员")
        gone.append(["姓名", "身份证号码", "删除日期"])
        for row in iter_removed_rows(removed):
            gone.append(inert_row(gone, row))
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@transaction.atomic
def sync_run_record(
    *, user: Any, township: Township | None, mode: str, profile: SyncProfile
) -> SyncRun:
    """Write the file and record the run; its moment is taken before the rows are read,
    so a change made while the file is written shows again in the next one."""
    taken_at = timezone.now()
    mode, previous, checked, removed = plan_sync(
        user=user, township=township, mode=mode, profile=profile
    )
    run = SyncRun(
        profile=profile,
        township=township,
        mode=mode,
        user=user,
        taken_at=taken_at,
        since=previous.taken_at if mode == SyncRun.Mode.DELTA else None,
        rows=len(checked.rows),
        removed=len(removed),
        refused_ids=[problem.laborer.pk for problem in checked.problems],
    )
    stamp = timezone.localtime(taken_at).strftime("%Y%m%d-%H%M")
    name = f"sync-{township.pk if township else 'county'}-{stamp}.xlsx"
    run.file.save(name, ContentFile(_workbook(checked, removed)), save=False)
    run.save()
    return run
