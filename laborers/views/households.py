"""Households (贫困户): the scoped list, the household page with its members and the
zero-employment flag, creating, editing and deleting an empty household."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from laborers.filters import HouseholdFilter
from laborers.forms import HouseholdForm
from laborers.history import household_history
from laborers.models import Household, Laborer
from laborers.selectors import household_members, household_rows
from laborers.services import record_create
from laborers.views.common import (
    delete_with_confirmation,
    gone_is_404,
    may_change,
    paginate,
    render_sections,
    save_edited,
)
from xiushan_jobs.lib.access import editable_or_404, role_required, visible_or_404
from xiushan_jobs.lib.clock import today
from xiushan_jobs.lib.extensions import household_sections

HISTORY_LIMIT = 50


@require_GET
@role_required()
def household_list(request):
    user = request.user
    filterset = HouseholdFilter(request.GET, queryset=Household.objects.visible_to(user), user=user)
    queryset = filterset.qs
    page = paginate(request, queryset.values_list("pk", flat=True))
    return render(
        request,
        "laborers/household_list.html",
        {
            "filter": filterset,
            "page": page,
            "rows": household_rows(list(page.object_list)),
            "may_change": may_change(Household, user),
        },
    )


@require_GET
@role_required()
def household_detail(request, pk: int):
    user, day = request.user, today()
    household = visible_or_404(Household.objects.select_related("village__township"), user, pk=pk)
    members = household_members(household, day)
    history = household_history(pk)
    return render(
        request,
        "laborers/household_detail.html",
        {
            "household": household,
            "members": members,
            "capable_count": sum(1 for m in members if m.is_labor_capable),
            "employed_count": sum(1 for m in members if m.current_kind),
            "is_zero_employment": Household.objects.filter(pk=pk).zero_employment().exists(),
            "history": history[:HISTORY_LIMIT],
            "history_more": max(0, len(history) - HISTORY_LIMIT),
            "may_change": may_change(Household, user),
            "may_add_member": may_change(Laborer, user),
            "rendered_sections": render_sections(request, household_sections, household=household),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(write=True)
def household_create(request):
    if not may_change(Household, request.user):
        raise PermissionDenied("您无权新建贫困户。")
    form = HouseholdForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        household = record_create(instance=form.save(commit=False), by=request.user)
        messages.success(request, f"已新建贫困户 {household.number}，请添加成员。")
        return redirect("laborers:household_detail", pk=household.pk)
    return render(request, "laborers/household_form.html", {"form": form, "household": None})


@require_http_methods(["GET", "POST"])
@role_required(write=True)
@gone_is_404
def household_edit(request, pk: int):
    household = editable_or_404(
        Household.objects.select_related("village__township"), request.user, pk=pk
    )
    conflict = None
    form = HouseholdForm(request.POST or None, instance=household, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved, form, conflict = save_edited(
            request,
            form,
            make_form=lambda current: HouseholdForm(
                request.POST, instance=current, user=request.user
            ),
            conflict_message="保存失败：在您编辑期间，这户的信息已被他人修改（见下方），"
            "请核对后再保存。",
        )
        if saved:
            messages.success(request, f"已保存贫困户 {household.number}。")
            return redirect("laborers:household_detail", pk=pk)
    return render(
        request,
        "laborers/household_form.html",
        {"form": form, "household": household, "conflict": conflict},
    )


@require_http_methods(["GET", "POST"])
@role_required(write=True)
def household_delete(request, pk: int):
    household = editable_or_404(Household, request.user, pk=pk)
    members = household.members.count()
    return delete_with_confirmation(
        request,
        household,
        title=f"删除贫困户 {household.number}",
        consequences=["删除操作会记入变更记录。"],
        blocked=f"这户还有 {members} 名成员，不能删除。" if members else "",
        cancel_url=reverse("laborers:household_detail", args=[pk]),
        done_url=reverse("laborers:household_list"),
        done_message=f"已删除贫困户 {household.number}。",
    )
