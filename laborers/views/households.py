"""Households (贫困户): the scoped list, the household page with its members and the
zero-employment flag, creating, editing and deleting an empty household."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models.deletion import ProtectedError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from laborers.filters import HouseholdFilter
from laborers.forms import HouseholdForm
from laborers.history import changes_since, household_history
from laborers.models import Household, Laborer
from laborers.selectors import household_members, household_rows
from laborers.services import EditConflict, record_create, record_delete, record_save_checked
from laborers.views.common import gone_is_404, may_change, paginate
from xiushan_jobs.lib.access import editable_or_404, role_required, visible_or_404
from xiushan_jobs.lib.clock import today

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
        seen = form.cleaned_data.get("seen_history")
        try:
            record_save_checked(
                instance=form.instance,
                expected_version=form.cleaned_data["version"],
                seen_history=seen,
                by=request.user,
            )
        except EditConflict as exc:
            conflict = changes_since(Household, pk, seen)
            form = HouseholdForm(
                request.POST, instance=Household.objects.get(pk=pk), user=request.user
            )
            form.refresh_version(exc.current_version, exc.newest_history)
            messages.error(
                request,
                "保存失败：在您编辑期间，这户的信息已被他人修改（见下方），请核对后再保存。",
            )
        else:
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
    if request.method == "POST" and not members:
        try:
            record_delete(instance=household, by=request.user)
        except ProtectedError:
            messages.error(request, "这户还有成员，不能删除。")
            return redirect("laborers:household_detail", pk=pk)
        messages.success(request, f"已删除贫困户 {household.number}。")
        return redirect("laborers:household_list")
    return render(
        request,
        "laborers/confirm_delete.html",
        {
            "title": f"删除贫困户 {household.number}",
            "blocked": f"这户还有 {members} 名成员，不能删除。" if members else "",
            "consequences": ["删除操作会记入变更记录。"],
            "cancel_url": reverse("laborers:household_detail", args=[pk]),
        },
    )
