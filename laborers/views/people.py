"""Laborers: the scoped list and its ledger export, the detail page, editing, revealing
personal data, marking as surveyed, adding and deleting."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.models import AccessLog
from audit.services import access_log_record
from laborers import quality
from laborers.exports import ledger_xlsx
from laborers.filters import LaborerFilter
from laborers.forms import LaborerForm, ServiceForm
from laborers.history import laborer_history
from laborers.models import EmploymentEpisode, Household, Laborer, Service
from laborers.selectors import deletion_summary, household_members, laborer_rows, laborer_totals
from laborers.services import laborer_mark_surveyed, record_create
from laborers.views.common import (
    delete_with_confirmation,
    gone_is_404,
    may_change,
    may_reveal,
    paginate,
    redirect_back,
    render_sections,
    safe_next,
    save_edited,
)
from laborers.warning_rules import (
    SERVICES_PER_YEAR,
    flagged_rules,
    service_year_start,
    warning_flags,
)
from xiushan_jobs.lib.access import editable_or_404, role_required, visible_or_404
from xiushan_jobs.lib.clock import today
from xiushan_jobs.lib.extensions import laborer_sections
from xiushan_jobs.lib.filters import active_filter_chips
from xiushan_jobs.lib.xlsx import xlsx_response

HISTORY_LIMIT = 50
#: The name of the 保存并继续添加 button on the add-member form.
ADD_ANOTHER = "add_another"
PERSONAL_FIELDS = "身份证号码、联系电话"


def _reveal_key(pk: int) -> str:
    return f"reveal-laborer-{pk}"


def describe_filters(filterset, query) -> list[str]:
    """The active filters in words (the list's chips), for the ledger's header and the
    access log. A search is named but not repeated: it may be an ID number or a phone."""
    return [
        f"{filterset.form.fields['q'].label}：（已按搜索条件筛选）"
        if chip.name == "q"
        else chip.label
        for chip in active_filter_chips(filterset, query)
    ]


@require_GET
@role_required()
def laborer_list(request):
    user, day = request.user, today()
    filterset = LaborerFilter(
        request.GET, queryset=Laborer.objects.visible_to(user), user=user, request=request
    )
    queryset = filterset.qs
    if not request.GET.get("o"):
        queryset = queryset.order_by("household_id", "pk")
    totals = laborer_totals(queryset)
    # Page through ids only, then annotate the page's rows: per-row subqueries (current
    # job, services, warnings) run for 25 rows, never for the whole area.
    page = paginate(request, queryset.values_list("pk", flat=True), count=totals["laborers"])
    rows = laborer_rows(list(page.object_list), day)
    return render(
        request,
        "laborers/laborer_list.html",
        {
            "filter": filterset,
            "totals": totals,
            "page": page,
            "rows": rows,
            "today": day,
            "may_reveal": may_reveal(user),
            "may_change": may_change(Laborer, user),
        },
    )


@require_GET
@role_required()
def laborer_export(request):
    """台账: the filtered list as xlsx, masked unless ``full=1`` by a user who may see
    personal data. Every export is logged."""
    user, day = request.user, today()
    full = request.GET.get("full") == "1"
    if full and not may_reveal(user):
        raise PermissionDenied("您无权导出完整的身份证号码和电话。")
    filterset = LaborerFilter(
        request.GET, queryset=Laborer.objects.visible_to(user), user=user, request=request
    )
    queryset = filterset.qs
    conditions = describe_filters(filterset, request.GET)
    row_count = queryset.count()
    access_log_record(
        user=user,
        action=AccessLog.Action.EXPORT,
        model=Laborer,
        fields=PERSONAL_FIELDS if full else "",
        row_count=row_count,
        detail=("劳动力台账（完整号码）" if full else "劳动力台账（脱敏）")
        + ("；" + "；".join(conditions) if conditions else ""),
        request=request,
    )
    now = timezone.localtime()
    notes = [
        f"导出：{user}（{user.area_label}），{now:%Y-%m-%d %H:%M}；共 {row_count} 人；"
        + ("含完整身份证号码和电话，注意保密。" if full else "身份证号码和电话已脱敏。"),
        "筛选条件：" + ("；".join(conditions) if conditions else "无（辖区内全部劳动力）"),
    ]
    content = ledger_xlsx(queryset, day=day, full=full, area=user.area_label, notes=notes)
    return xlsx_response(content, f"劳动力台账_{user.area_label}_{now:%Y%m%d%H%M}.xlsx")


@require_GET
@role_required()
def laborer_detail(request, pk: int):
    user, day = request.user, today()
    laborer = visible_or_404(
        Laborer.objects.select_related("household__village__township"), user, pk=pk
    )
    revealed = bool(request.session.pop(_reveal_key(pk), False)) and may_reveal(user)
    services = list(laborer.services.select_related("officer"))
    year_start = service_year_start(day)
    services_this_year = sum(1 for s in services if s.date >= year_start)
    flags = Laborer.objects.filter(pk=pk).annotate(**warning_flags(day)).first()
    history = laborer_history(pk)
    return render(
        request,
        "laborers/laborer_detail.html",
        {
            "laborer": laborer,
            "household": laborer.household,
            "age": laborer.age_on(day),
            "revealed": revealed,
            "members": household_members(laborer.household, day),
            "episodes": list(laborer.episodes.select_related("program")),
            "services": services,
            "services_this_year": services_this_year,
            "services_missing": max(0, SERVICES_PER_YEAR - services_this_year),
            "service_form": ServiceForm(),
            "open_warnings": [
                {"rule": rule, "help": rule.help_for(day)}
                for rule in (flagged_rules(flags) if flags else [])
            ],
            "problems": quality.laborer_problems(laborer, day),
            "history": history[:HISTORY_LIMIT],
            "history_more": max(0, len(history) - HISTORY_LIMIT),
            "rendered_sections": render_sections(request, laborer_sections, laborer=laborer),
            "back_url": safe_next(request),
            "today": day,
            "may_reveal": may_reveal(user),
            "may_change": may_change(Laborer, user),
            "may_change_records": may_change(EmploymentEpisode, user) and may_change(Service, user),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(write=True)
@gone_is_404
def laborer_edit(request, pk: int):
    laborer = editable_or_404(
        Laborer.objects.select_related("household__village__township"), request.user, pk=pk
    )
    conflict = None
    form = LaborerForm(request.POST or None, instance=laborer, request=request)
    if request.method == "POST" and form.is_valid():
        saved, form, conflict = save_edited(
            request,
            form,
            make_form=lambda current: LaborerForm(request.POST, instance=current, request=request),
            conflict_message="保存失败：在您编辑期间，这条记录已被他人修改（见下方）。"
            "您填写的内容仍在表单中，请核对后再保存。",
        )
        if saved:
            messages.success(request, f"已保存 {laborer.name} 的信息。")
            return redirect("laborers:laborer_detail", pk=pk)
    return render(
        request,
        "laborers/laborer_form.html",
        {"form": form, "laborer": laborer, "household": laborer.household, "conflict": conflict},
    )


@require_http_methods(["GET", "POST"])
@role_required(write=True)
def laborer_create(request, household_pk: int):
    """Add a member to a household (a new laborer)."""
    household = visible_or_404(Household.objects.labelled(), request.user, pk=household_pk)
    if not may_change(Laborer, request.user):
        raise PermissionDenied("您无权添加劳动力。")
    form = LaborerForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        laborer = form.save(commit=False)
        laborer.household = household
        record_create(instance=laborer, by=request.user)
        if ADD_ANOTHER in request.POST:
            messages.success(request, f"已添加 {laborer.name}，请继续添加下一位成员。")
            return redirect("laborers:laborer_create", household_pk=household.pk)
        messages.success(request, f"已添加 {laborer.name}。")
        return redirect("laborers:laborer_detail", pk=laborer.pk)
    return render(
        request,
        "laborers/laborer_form.html",
        {"form": form, "laborer": None, "household": household, "add_another": ADD_ANOTHER},
    )


@require_POST
@role_required()
def laborer_reveal(request, pk: int):
    """Show one laborer's full ID number and phone once; the reveal is logged."""
    if not may_reveal(request.user):
        raise PermissionDenied("您无权查看完整的身份证号码和电话。")
    laborer = visible_or_404(Laborer, request.user, pk=pk)
    access_log_record(
        user=request.user,
        action=AccessLog.Action.REVEAL,
        model=Laborer,
        object_id=laborer.pk,
        fields=PERSONAL_FIELDS,
        detail="在劳动力详情页查看完整身份证号码和电话",
        request=request,
    )
    request.session[_reveal_key(laborer.pk)] = True
    return redirect(reverse("laborers:laborer_detail", args=[laborer.pk]) + "#identity")


@require_POST
@role_required(write=True)
@gone_is_404
def laborer_surveyed(request, pk: int):
    laborer = editable_or_404(Laborer, request.user, pk=pk)
    current = laborer_mark_surveyed(laborer=laborer, by=request.user)
    messages.success(
        request, f"已将 {laborer.name} 标记为已调查更新（{current.last_surveyed_on:%Y-%m-%d}）。"
    )
    return redirect_back(request, reverse("laborers:laborer_detail", args=[pk]))


@require_http_methods(["GET", "POST"])
@role_required(write=True)
def laborer_delete(request, pk: int):
    laborer = editable_or_404(
        Laborer.objects.select_related("household__village"), request.user, pk=pk
    )
    deleted, protected = deletion_summary(laborer)
    blocked = ""
    if protected:
        blocked = (
            f"{laborer.name}还有{'、'.join(protected)}，这些记录须保留，不能删除该劳动力："
            "如登记有误，请先更正或撤销这些记录。"
        )
    return delete_with_confirmation(
        request,
        laborer,
        title=f"删除劳动力 {laborer.name}",
        consequences=[
            f"将一并删除：{'、'.join(deleted)}。" if deleted else "没有其他记录会一并删除。",
            "删除操作会记入变更记录（谁、何时、删除了什么）。",
        ],
        blocked=blocked,
        cancel_url=reverse("laborers:laborer_detail", args=[pk]),
        done_url=reverse("laborers:household_detail", args=[laborer.household_id]),
        done_message=f"已删除 {laborer.name}；删除记录保留在变更记录中。",
    )
