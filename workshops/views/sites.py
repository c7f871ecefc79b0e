"""Lists, detail pages, forms and Excel ledgers of workshops and posts. Each view takes
``kind`` ("workshop" or "post") from the URLconf."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Sum
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.models import AccessLog
from audit.services import access_log_record
from workshops import ledgers, services
from workshops.choices import FundingSource
from workshops.models import WorkshopAttachment, WorkshopFunding
from workshops.views.common import SITE_KINDS, add_service_errors, paginate, query_without_page
from xiushan_jobs.lib.access import editable_or_404, role_required, visible_or_404
from xiushan_jobs.lib.clock import today
from xiushan_jobs.lib.roles import Role
from xiushan_jobs.lib.scope import is_read_only, role_of
from xiushan_jobs.lib.xlsx import workbook_response

EDITORS = (Role.COUNTY, Role.TOWNSHIP)
PAST_SHOWN = 100


def _filtered(request, kind):
    site = SITE_KINDS[kind]
    queryset = site.model.objects.visible_to(request.user).for_lists()
    filterset = site.filterset(request.GET or None, queryset=queryset, request=request)
    role = role_of(request.user)
    if role not in (Role.COUNTY, Role.LEADER):  # one township: nothing to choose
        filterset.filters.pop("township")
    if role == Role.VILLAGE:
        filterset.filters.pop("village")
    return site, filterset, filterset.qs


@require_GET
@role_required()
def site_list(request, kind):
    site, filterset, queryset = _filtered(request, kind)
    # (the aggregate's alias must differ from the annotation it sums: Django drops the
    # annotation otherwise)
    totals = queryset.aggregate(
        sites=Count("pk"), capacity=Sum(site.capacity_field), people=Sum("headcount")
    )
    cleaned = getattr(filterset.form, "cleaned_data", {})
    funds_year = cleaned.get("agricultural_year") if kind == "workshop" else None
    if funds_year:
        # target 5's list: the money beside the count (the plan: 100 万元 for 5 workshops)
        totals["funds_year"] = funds_year
        totals["funds"] = WorkshopFunding.objects.filter(
            workshop__in=queryset.values("pk"),
            source=FundingSource.AGRICULTURAL,
            date__year=funds_year,
        ).aggregate(total=Sum("amount"))["total"] or Decimal(0)
    context = {
        "kind": site,
        "filter": filterset,
        "page": paginate(request, queryset),
        "totals": totals,
        "query": query_without_page(request),
        "can_edit": role_of(request.user) in EDITORS,
    }
    return render(request, f"workshops/{kind}_list.html", context)


@require_GET
@role_required()
def site_export(request, kind):
    """The ledger (台账) of the listed sites, with the same filters, as an xlsx file."""
    site, _filterset, queryset = _filtered(request, kind)
    day = today()
    scope = request.user.area_label
    if kind == "workshop":
        book, rows = ledgers.workshop_ledger(
            queryset,
            scope_label=scope,
            day=day,
            reveal_phones=not is_read_only(request.user),
            viewer=request.user,
        )
    else:
        book, rows = ledgers.post_ledger(queryset, scope_label=scope, day=day, viewer=request.user)
    access_log_record(
        user=request.user,
        action=AccessLog.Action.EXPORT,
        model=site.model,
        row_count=rows,
        detail=f"导出{site.noun}台账（{scope}）{query_without_page(request)}",
        request=request,
    )
    return workbook_response(book, f"{site.noun}台账_{scope}_{day:%Y-%m-%d}.xlsx")


@require_GET
@role_required()
def site_detail(request, kind, pk):
    site = SITE_KINDS[kind]
    obj = visible_or_404(
        site.model.objects.select_related("village__township").with_headcount(),
        request.user,
        pk=pk,
    )
    placements = (
        site.placement_model.objects.filter(**{site.site_field: obj})
        .select_related(
            "episode__laborer__household__village__township", "episode__program", "created_by"
        )
        .with_laborer_access(request.user)
    )
    past = list(placements.past().order_by("-episode__end_date", "-pk")[: PAST_SHOWN + 1])
    context = {
        "kind": site,
        "site": obj,
        "current": list(placements.current().order_by("episode__start_date", "pk")),
        "past": past[:PAST_SHOWN],
        "past_truncated": len(past) > PAST_SHOWN,
        "past_shown": PAST_SHOWN,
        "can_edit": site.model.objects.editable_by(request.user).filter(pk=obj.pk).exists(),
        "free": max(getattr(obj, site.capacity_field) - obj.headcount, 0),
    }
    if kind == "workshop":
        fundings = list(WorkshopFunding.objects.filter(workshop=obj))
        context["fundings"] = fundings
        context["funding_totals"] = {
            "agricultural": sum(f.amount for f in fundings if f.source == "财政涉农资金"),
            "shandong": sum(f.amount or 0 for f in fundings if f.source == "鲁渝援建"),
        }
        context["attachments"] = list(
            WorkshopAttachment.objects.filter(workshop=obj).select_related("uploaded_by")
        )
    return render(request, f"workshops/{kind}_detail.html", context)


def _save_form(request, site, form, created: bool):
    if form.is_valid():
        try:
            obj = services.site_save(site=form.instance)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"已{'新增' if created else '保存'}{site.noun}“{obj.name}”。")
            return redirect(f"workshops:{site.key}_detail", pk=obj.pk)
    return None


@require_http_methods(["GET", "POST"])
@role_required(*EDITORS, write=True)
def site_create(request, kind):
    site = SITE_KINDS[kind]
    form = site.form(request.POST or None, user=request.user)
    if request.method == "POST" and (response := _save_form(request, site, form, created=True)):
        return response
    return render(request, "workshops/site_form.html", {"kind": site, "form": form, "object": None})


@require_POST
@role_required(*EDITORS, write=True)
def site_delete(request, kind, pk):
    site = SITE_KINDS[kind]
    obj = editable_or_404(site.model, request.user, pk=pk)
    try:
        services.site_delete(site=obj)
    except services.SiteInUse as exc:
        messages.error(request, str(exc))
        return redirect(f"workshops:{kind}_detail", pk=obj.pk)
    messages.success(request, f"已删除{site.noun}“{obj.name}”。")
    return redirect(f"workshops:{kind}_list")


@require_http_methods(["GET", "POST"])
@role_required(*EDITORS, write=True)
def site_edit(request, kind, pk):
    site = SITE_KINDS[kind]
    obj = editable_or_404(
        site.model.objects.select_related("village__township"), request.user, pk=pk
    )
    form = site.form(request.POST or None, instance=obj, user=request.user)
    if request.method == "POST" and (response := _save_form(request, site, form, created=False)):
        return response
    return render(request, "workshops/site_form.html", {"kind": site, "form": form, "object": obj})
