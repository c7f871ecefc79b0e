"""Pages of the rectification tracker. Every role reads; only the county bureau writes
(``role_required(Role.COUNTY, write=True)`` and ``editable_or_404``)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.models import AccessLog
from audit.services import access_log_record
from rectification import services
from rectification.evidence import EvidenceError
from rectification.filters import TaskFilter
from rectification.forms import ReasonForm, ReportForm, RequiredReasonForm, TaskForm
from rectification.ledger import ledger_workbook
from rectification.models import (
    Evidence,
    EvidenceKind,
    ProgressReport,
    Status,
    Task,
    Transition,
)
from rectification.selectors import task_list_url, task_summary
from xiushan_jobs.lib.access import editable_or_404, role_required, visible_or_404
from xiushan_jobs.lib.clock import today
from xiushan_jobs.lib.roles import Role
from xiushan_jobs.lib.scope import is_county
from xiushan_jobs.lib.xlsx import workbook_response

PAGE_SIZE = 50


def _filtered_tasks(request) -> TaskFilter:
    tasks = Task.objects.visible_to(request.user).select_related("source").with_progress()
    return TaskFilter(request.GET or None, queryset=tasks, request=request)


@require_GET
@role_required()
def task_list(request):
    filterset = _filtered_tasks(request)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "rectification/task_list.html",
        {
            "filter": filterset,
            "page": page,
            "summary": task_summary(request.user),
            "query": query.urlencode(),
            "can_edit": is_county(request.user),
            "links": {
                "overdue": task_list_url(overdue="1"),
                "quarterly": task_list_url(quarterly="missing"),
                "pending": task_list_url(status=Status.PENDING),
                "closed": task_list_url(status=Status.CLOSED),
                "in_progress": task_list_url(status=Status.IN_PROGRESS),
                "not_started": task_list_url(status=Status.NOT_STARTED),
            },
        },
    )


def _timeline(task: Task) -> list[dict]:
    """Reports and status changes, oldest first: reports by their date, changes by the
    business date they were made on."""
    reports = (
        ProgressReport.objects.filter(task=task)
        .select_related("reporter")
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("id")))
    )
    transitions = Transition.objects.filter(task=task).select_related("by")
    entries = [{"kind": "report", "day": r.date, "at": r.created_at, "item": r} for r in reports]
    entries += [{"kind": "transition", "day": t.on, "at": t.at, "item": t} for t in transitions]
    return sorted(entries, key=lambda entry: (entry["day"], entry["at"]))


@require_GET
@role_required()
def task_detail(request, pk: int):
    task = visible_or_404(
        Task.objects.select_related("source").with_progress(), request.user, pk=pk
    )
    can_edit = is_county(request.user)
    return render(
        request,
        "rectification/task_detail.html",
        {
            "task": task,
            "timeline": _timeline(task),
            "can_edit": can_edit,
            "reason_form": ReasonForm(),
            "required_reason_form": RequiredReasonForm(),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.COUNTY, write=True)
def report_create(request, pk: int):
    task = editable_or_404(Task.objects.select_related("source"), request.user, pk=pk)
    form = ReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_add(
                task=task,
                by=request.user,
                date=form.cleaned_data["date"],
                text=form.cleaned_data["text"],
                files=form.cleaned_data["files"],
            )
        except EvidenceError as exc:
            form.add_error("files", str(exc))
        except services.WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "进展已报送。")
            return redirect("rectification:detail", pk=task.pk)
    return render(request, "rectification/report_form.html", {"task": task, "form": form})


def _workflow_view(action, form_class, success: str):
    @require_POST
    @role_required(Role.COUNTY, write=True)
    def view(request, pk: int):
        task = editable_or_404(Task, request.user, pk=pk)
        form = form_class(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect("rectification:detail", pk=task.pk)
        try:
            action(task=task, by=request.user, reason=form.cleaned_data["reason"])
        except services.WorkflowError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, success)
        return redirect("rectification:detail", pk=task.pk)

    view.__name__ = action.__name__
    return view


closeout_request = _workflow_view(services.closeout_request, ReasonForm, "已申请销号，等待审核。")
closeout_approve = _workflow_view(services.closeout_approve, ReasonForm, "已批准销号。")
closeout_reject = _workflow_view(services.closeout_reject, RequiredReasonForm, "已退回销号申请。")
task_reopen = _workflow_view(services.task_reopen, RequiredReasonForm, "任务已重新打开。")


@require_http_methods(["GET", "POST"])
@role_required(Role.COUNTY, write=True)
def task_edit(request, pk: int | None = None):
    task = editable_or_404(Task, request.user, pk=pk) if pk is not None else None
    form = TaskForm(request.POST or None, instance=task)
    if request.method == "POST" and form.is_valid():
        task = form.save(commit=False)
        task._history_user = request.user
        task.save()
        messages.success(request, "整改任务已保存。")
        return redirect("rectification:detail", pk=task.pk)
    return render(request, "rectification/task_form.html", {"form": form, "task": task})


@require_GET
@role_required()
def evidence_download(request, pk: int):
    # Evidence follows its task (EvidenceQuerySet): whoever cannot see the task gets 404.
    evidence = visible_or_404(Evidence, request.user, pk=pk)
    try:
        handle = evidence.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("文件已不在服务器上，请联系县就业人才局。") from None
    response = FileResponse(
        handle,
        content_type=evidence.content_type,
        as_attachment=not evidence.is_inline,
        filename=evidence.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    if evidence.kind == EvidenceKind.IMAGE:
        # Shown on our own origin: the browser may display the image and run nothing.
        # (Not for PDFs: browsers refuse to start their PDF viewer in a sandboxed page.)
        response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'"
    return response


@require_GET
@role_required()
def ledger_export(request):
    # The ledger holds what the list shows: same filters (invalid values are ignored).
    tasks = _filtered_tasks(request).qs.prefetch_related(
        Prefetch(
            "reports",
            queryset=ProgressReport.objects.order_by("date", "created_at", "id").prefetch_related(
                "evidence"
            ),
        )
    )
    tasks = list(tasks)
    day = today()
    workbook = ledger_workbook(tasks, on=day, exported_by=str(request.user))
    access_log_record(
        user=request.user,
        action=AccessLog.Action.EXPORT,
        model=Task,
        row_count=len(tasks),
        detail="导出整改台账",
        request=request,
    )
    return workbook_response(workbook, f"整改台账-{day:%Y%m%d}.xlsx")
