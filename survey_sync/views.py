"""动态更新: files for the municipal survey system, whole or changes only, and their record.

A file carries full ID numbers (the municipal system keys rows by them): writing and
downloading one is for users who may see personal data, and is logged as an export.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from audit.models import AccessLog
from audit.services import access_log_record
from laborers.models import Laborer
from laborers.views.common import may_reveal
from survey_sync.forms import SyncForm
from survey_sync.models import SyncRun
from survey_sync.services import plan_sync, sync_run_record
from xiushan_jobs.lib.access import role_required, visible_or_404
from xiushan_jobs.lib.pages import paginate
from xiushan_jobs.lib.roles import Role

READERS = (Role.COUNTY, Role.TOWNSHIP, Role.LEADER)
WRITERS = (Role.COUNTY, Role.TOWNSHIP)
#: refused rows listed on a page; the rest are counted
SHOWN_PROBLEMS = 200


def _may_write(user) -> bool:
    return may_reveal(user)


@require_GET
@role_required(*READERS)
def run_list(request):
    runs = SyncRun.objects.visible_to(request.user).select_related("township", "user", "profile")
    form = SyncForm(user=request.user) if _may_write(request.user) else None
    return render(
        request,
        "survey_sync/run_list.html",
        {"page": paginate(request, runs), "form": form},
    )


@require_http_methods(["GET", "POST"])
@role_required(*WRITERS, write=True)
def run_new(request):
    if not _may_write(request.user):
        raise PermissionDenied("您无权导出完整的身份证号码。")
    data = request.POST if request.method == "POST" else request.GET
    form = SyncForm(data, user=request.user)
    if not form.is_valid():
        messages.error(request, "请选择同步范围、方式和导入格式。")
        return redirect("survey_sync:run_list")
    township, profile = form.area(), form.cleaned_data["profile"]
    if request.method == "POST":
        run = sync_run_record(
            user=request.user, township=township, mode=form.cleaned_data["mode"], profile=profile
        )
        messages.success(
            request,
            f"已生成同步文件：写入 {run.rows} 人"
            + (
                f"，{run.refused} 人因信息不全未写入，请修正后在下次同步中报送"
                if run.refused
                else ""
            )
            + "。",
        )
        return redirect("survey_sync:run_detail", run.pk)
    mode, previous, checked, removed = plan_sync(
        user=request.user, township=township, mode=form.cleaned_data["mode"], profile=profile
    )
    return render(
        request,
        "survey_sync/run_new.html",
        {
            "form": form,
            "area_label": township.name if township else "全县",
            "mode_label": SyncRun.Mode(mode).label,
            "previous": previous,
            "written": len(checked.rows),
            "removed": len(removed),
            "problems": checked.problems[:SHOWN_PROBLEMS],
            "problem_count": len(checked.problems),
        },
    )


@require_GET
@role_required(*READERS)
def run_detail(request, pk: int):
    run = visible_or_404(SyncRun, request.user, pk=pk)
    refused = (
        Laborer.objects.visible_to(request.user)
        .filter(pk__in=run.refused_ids[:SHOWN_PROBLEMS])
        .select_related("household__village__township")
    )
    return render(
        request,
        "survey_sync/run_detail.html",
        {"run": run, "refused": refused, "may_download": _may_write(request.user)},
    )


@require_GET
@role_required(*WRITERS, write=True)
def run_download(request, pk: int):
    run = visible_or_404(SyncRun, request.user, pk=pk)
    if not _may_write(request.user):
        raise PermissionDenied("您无权导出完整的身份证号码。")
    access_log_record(
        user=request.user,
        action=AccessLog.Action.EXPORT,
        model=Laborer,
        fields="身份证号码、联系电话",
        row_count=run.rows,
        detail=f"市级调查系统同步文件（{run}）",
        request=request,
    )
    name = f"市级调查系统同步-{run.area_label}-{run.taken_at:%Y%m%d%H%M}.xlsx"
    return FileResponse(run.file.open("rb"), as_attachment=True, filename=name)
