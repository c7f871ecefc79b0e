"""Import pages: upload and history, the batch page (progress, then preview or result),
confirm/cancel, the annotated workbook and the blank template. Views stay thin: the
pipeline is in ``laborers.imports.services``."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.models import AccessLog
from audit.services import access_log_record
from laborers.imports import services
from laborers.imports.base import STAGES, importer_for, registered_importers
from laborers.imports.forms import RowFixForm, UploadForm
from laborers.models import ImportBatch
from xiushan_jobs.lib.access import editable_or_404, role_required, visible_or_404
from xiushan_jobs.lib.idnumber import mask_id_number
from xiushan_jobs.lib.importing import CLEAR_MARK
from xiushan_jobs.lib.phone import mask_phone
from xiushan_jobs.lib.roles import Role
from xiushan_jobs.lib.scope import is_read_only
from xiushan_jobs.lib.values import cell_text
from xiushan_jobs.lib.xlsx import XLSX_CONTENT_TYPE

WRITERS = (Role.COUNTY, Role.TOWNSHIP, Role.VILLAGE)
PER_PAGE = 50
_MASKS = {"id_number": mask_id_number, "phone": mask_phone}


def _mask(value: str, personal: str) -> str:
    mask = _MASKS.get(personal)
    return mask(value) if mask and value != "（空）" else value


def _upload_forms(request, kind: str, data=None, files=None) -> dict:
    """The file form and, when the importer asks for more, its parameters form; bound when
    ``data`` is given, else pre-filled from the query string (a page may link to the
    upload of a sign-in sheet for one class)."""
    importer = importer_for(kind)
    auto_id = f"id_{kind}_%s"
    form = UploadForm(data, files, title=importer.title, auto_id=auto_id)
    params_form = None
    if importer.params_form is not None:
        initial = request.GET if data is None and request.GET.get("kind") == kind else None
        params_form = importer.params_form(
            data, user=request.user, initial=initial and initial.dict(), auto_id=auto_id
        )
    return {"kind": kind, "importer": importer, "form": form, "params_form": params_form}


def _index_context(request, bound: dict | None = None):
    batches = (
        ImportBatch.objects.visible_to(request.user)
        .select_related("user", "township", "village")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(batches, 25).get_page(request.GET.get("page"))
    uploaders = [
        bound if bound and bound["kind"] == kind else _upload_forms(request, kind)
        for kind, importer in registered_importers().items()
        if importer.may_upload(request.user)
    ]
    return {
        "uploaders": uploaders,
        "page": page,
        "can_upload": not is_read_only(request.user),
        "chosen_kind": (bound or {}).get("kind") or request.GET.get("kind", ""),
    }


@require_GET
@role_required()
def index(request):
    """Upload forms (one per kind of file the user may import; none for leaders) and the
    import history of the user's area."""
    return render(request, "laborers/imports/index.html", _index_context(request))


@require_POST
@role_required(*WRITERS, write=True)
def upload(request):
    kind = request.POST.get("kind") or ImportBatch.Kind.SURVEY
    if kind not in registered_importers():
        return HttpResponseBadRequest("没有这种导入类型。")
    if not importer_for(kind).may_upload(request.user):
        raise PermissionDenied("您无权导入这类文件。")
    forms = _upload_forms(request, kind, request.POST, request.FILES)
    valid = forms["form"].is_valid()
    if forms["params_form"] is not None:
        valid = forms["params_form"].is_valid() and valid
    if not valid:
        return render(
            request, "laborers/imports/index.html", _index_context(request, forms), status=400
        )
    upload = forms["form"].cleaned_data["file"]
    batch = services.import_batch_create(
        user=request.user,
        kind=kind,
        file_name=upload.name,
        data=upload.read(),
        params=forms["params_form"].batch_params() if forms["params_form"] else None,
    )
    return redirect("imports:batch", pk=batch.pk)


def _progress(batch: ImportBatch) -> dict:
    total = batch.progress_total or 0
    percent = int(100 * batch.progress_done / total) if total else 0
    if batch.status in (ImportBatch.Status.QUEUED, ImportBatch.Status.CONFIRMED):
        stage = "排队中"
    else:
        stage = STAGES.get(batch.stage, batch.get_status_display())
    waiting = (timezone.now() - (batch.heartbeat_at or batch.created_at)).total_seconds()
    return {
        "status": batch.status,
        "status_label": batch.get_status_display(),
        "stage": stage,
        "done": batch.progress_done,
        "total": total,
        "percent": min(100, percent),
        "active": batch.status in services.ACTIVE,
        "stalled": batch.status in services.ACTIVE and waiting > 30,
    }


@require_GET
@role_required()
def batch_detail(request, pk):
    batch = visible_or_404(
        ImportBatch.objects.select_related("user", "duplicate_of"), request.user, pk=pk
    )
    context = {
        "batch": batch,
        "progress": _progress(batch),
        "is_owner": batch.user_id == request.user.pk,
        "params": _params_display(batch),
    }
    if not context["progress"]["active"]:
        report = services.load_report(batch)
        context["report"] = report
        if report is not None:
            context["issues"] = Paginator(report.issues, PER_PAGE).get_page(
                request.GET.get("errors")
            )
            changes = [
                {
                    "row": change.row,
                    "label": change.label,
                    "key": _mask(change.key, change.personal_key),
                    "fields": [
                        {
                            "label": f.label,
                            "old": _mask(f.old, f.personal),
                            "new": _mask(f.new, f.personal),
                            "cleared": f.cleared,
                        }
                        for f in change.changes
                    ],
                }
                for change in report.changes
            ]
            context["changes"] = Paginator(changes, PER_PAGE).get_page(request.GET.get("changes"))
            context["writable"] = report.created + report.updated
    context["can_confirm"] = (
        context["is_owner"]
        and batch.status == ImportBatch.Status.PREVIEW
        and context.get("writable", 0) > 0
        and not is_read_only(request.user)
    )
    context["can_cancel"] = context["is_owner"] and batch.status == ImportBatch.Status.PREVIEW
    # the uploader corrects error rows in place, while the batch waits for confirmation
    context["can_fix"] = context["can_cancel"] and not is_read_only(request.user)
    context["clear_mark"] = CLEAR_MARK
    context["corrected_rows"] = sorted(int(n) for n in batch.corrections or {})
    return render(request, "laborers/imports/batch.html", context)


def _params_display(batch: ImportBatch) -> list[tuple[str, str, str]]:
    if not batch.params:
        return []
    try:
        importer = importer_for(batch.kind)
    except LookupError:
        return []
    return importer(user=batch.user, params=batch.params).describe_params()


@require_GET
@role_required()
def batch_status(request, pk):
    """Polled by the batch page while the work goes on."""
    batch = visible_or_404(ImportBatch, request.user, pk=pk)
    return JsonResponse(_progress(batch))


@require_POST
@role_required(*WRITERS, write=True)
def confirm(request, pk):
    batch = editable_or_404(ImportBatch, request.user, pk=pk)
    try:
        batch = services.import_batch_confirm(
            batch=batch,
            user=request.user,
            clears_acknowledged=request.POST.get("acknowledge_clears") == "1",
        )
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("imports:batch", pk=batch.pk)
    if batch.status == ImportBatch.Status.PREVIEW:
        messages.error(request, "该批次当前不能确认。")
    return redirect("imports:batch", pk=batch.pk)


@require_http_methods(["GET", "POST"])
@role_required(*WRITERS, write=True)
def fix_row(request, pk, row):
    """An error row of the uploader's previewed batch as a small form; saving checks the
    whole file again at once (a correction may settle or cause a duplicate elsewhere)."""
    batch = editable_or_404(ImportBatch, request.user, pk=pk)
    if batch.user_id != request.user.pk:
        raise PermissionDenied("只有上传该文件的人可以修改其中的行。")
    report = services.load_report(batch)
    issues = report.issues_by_row().get(row) if report is not None else None
    if batch.status != ImportBatch.Status.PREVIEW:
        messages.info(request, "只有待确认的批次可以修改错误行。")
        return redirect("imports:batch", pk=batch.pk)
    if not issues:
        messages.info(request, f"第 {row} 行没有需要修改的错误。")
        return redirect("imports:batch", pk=batch.pk)
    cells = [
        (column, written, pos, cell_text(value))
        for column, written, pos, value in services.batch_row_cells(batch, row)
    ]
    form = RowFixForm(request.POST or None, cells=cells, masks=_MASKS)
    if request.method == "POST" and form.is_valid():
        fixes = form.corrections()
        if not fixes:
            form.add_error(None, "没有修改任何单元格。")
        else:
            try:
                batch = services.import_batch_correct_row(
                    batch=batch, user=request.user, number=row, cells=fixes
                )
            except ValidationError as exc:
                form.add_error(None, "；".join(exc.messages))
            else:
                fresh = services.load_report(batch)
                if batch.status != ImportBatch.Status.PREVIEW:
                    messages.info(request, f"第 {row} 行已修改，正在重新核对整个文件。")
                elif fresh is not None and row in fresh.issues_by_row():
                    messages.warning(request, f"第 {row} 行已修改并重新核对，仍有问题：")
                    return redirect("imports:fix_row", pk=batch.pk, row=row)
                else:
                    messages.success(request, f"第 {row} 行已修改并通过核对，将随本批次导入。")
                return redirect(f"{reverse('imports:batch', args=[batch.pk])}#errors")
    by_position: dict[int, list[str]] = {}
    row_messages = []
    for issue in issues:
        if issue.position is None:
            row_messages.append(issue.message)
        else:
            by_position.setdefault(issue.position, []).append(issue.message)
    fields = [
        {"field": form[f"c{pos}"], "problems": by_position.get(pos, [])}
        for _column, _written, pos, _text in cells
    ]
    return render(
        request,
        "laborers/imports/fix_row.html",
        {
            "batch": batch,
            "row": row,
            "person": issues[0].person,
            "form": form,
            "fields": fields,
            "row_messages": row_messages,
            "clear_mark": CLEAR_MARK,
        },
    )


@require_POST
@role_required(*WRITERS, write=True)
def cancel(request, pk):
    batch = editable_or_404(ImportBatch, request.user, pk=pk)
    batch = services.import_batch_cancel(batch=batch, user=request.user)
    if batch.status == ImportBatch.Status.CANCELLED:
        messages.success(request, "已取消，本次上传的数据没有写入。")
    return redirect("imports:batch", pk=batch.pk)


@require_GET
@role_required(*WRITERS)
def annotated(request, pk):
    """The rows with errors, as uploaded, each bad cell marked: fix and upload again."""
    batch = visible_or_404(ImportBatch, request.user, pk=pk)
    content = services.annotated_workbook_for(batch)
    if content is None:
        raise Http404("该批次没有需要修改的行。")
    access_log_record(
        user=request.user,
        action=AccessLog.Action.EXPORT,
        model=ImportBatch,
        object_id=batch.pk,
        row_count=batch.errors,
        detail=f"下载导入批次 #{batch.pk} 的错误标注表",
        request=request,
    )
    name = f"待修改-{batch.file_name.rsplit('.', 1)[0]}.xlsx"
    return _xlsx_response(content, name)


@require_GET
@role_required()
def template(request, kind):
    try:
        importer = importer_for(kind)
    except LookupError:
        raise Http404("没有这种导入模板。") from None
    content = services.template_for(kind=kind, user=request.user)
    return _xlsx_response(content, f"{importer.title}模板.xlsx")


def _xlsx_response(content: bytes, filename: str) -> HttpResponse:
    """An attachment; the Chinese file name survives in every browser (RFC 6266)."""
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
