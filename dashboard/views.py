"""The county dashboard (目标看板), the township dashboard, drill-down lists behind every
number, and the dashboard as an Excel workbook. Read-only pages: every role that may
open them sees its own area; nobody changes anything here (targets are edited in the
county's admin)."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import IntegerField, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from audit.models import AccessLog
from audit.services import access_log_record
from cases.selectors import handling as case_handling
from dashboard import charts, report
from dashboard.drilldown import layout_for, page_rows
from dashboard.metrics import METRICS
from dashboard.models import Target
from dashboard.progress import STATUS_TONE, Status
from dashboard.selectors import board, drilldown_url
from laborers.models import Township, Village
from xiushan_jobs.lib.access import role_required, visible_or_404
from xiushan_jobs.lib.clock import today
from xiushan_jobs.lib.dates import parse_date
from xiushan_jobs.lib.filters import id_param
from xiushan_jobs.lib.roles import Role
from xiushan_jobs.lib.scope import role_of
from xiushan_jobs.lib.xlsx import workbook_response

COUNTY_WIDE = (Role.COUNTY, Role.LEADER)
DRILLDOWN_PER_PAGE = 50


def as_of_day(request) -> datetime.date:
    """The date the figures are taken on: ``?as_of=2020-03-31`` (a past date: every figure
    from the records' own dates), or the business date. A date that cannot be read, or
    lies after the business date, is reported on the page and the business date used."""
    business_day = today()
    raw = request.GET.get("as_of", "").strip()
    if not raw:
        return business_day
    try:
        day = parse_date(raw) if not raw.isdigit() or len(raw) == 8 else None
        if day is None:
            raise ValueError(f"“{raw}”不是日期")
    except ValueError as error:
        messages.error(request, f"截至日期（as_of）无法识别：{error}。已显示截至今天的数据。")
        return business_day
    if day > business_day:
        messages.error(
            request,
            f"截至日期（as_of）{day:%Y-%m-%d} 晚于今天（{business_day:%Y-%m-%d}），"
            "只能查看今天或以前的数据。已显示截至今天的数据。",
        )
        return business_day
    return day


def _status_filter(request) -> Status | None:
    wanted = request.GET.get("status", "")
    return Status(wanted) if wanted in Status.values else None


def _render_board(request, data, template: str, **extra):
    status = _status_filter(request)
    cards = [c for c in data.cards if status is None or c.status == status]
    return render(
        request,
        template,
        {
            "board": data,
            "cards": cards,
            "status_filter": status,
            "status_tone": STATUS_TONE,
            "chart_data": charts.chart_data(data),
            **extra,
        },
    )


@require_GET
@role_required()
def county(request):
    """The bureau's morning page: every target of the year, the townships against the main
    targets, charts, warnings and overdue rectification tasks. Officers, whose area is a
    township or village, land on their own board."""
    if role_of(request.user) not in COUNTY_WIDE:
        return redirect(_with_as_of(request, reverse("dashboard:township_home")))
    day = as_of_day(request)
    return _render_board(
        request,
        board(request.user, day=day),
        "dashboard/county.html",
        handling=case_handling(user=request.user, day=day),
    )


def _township_of(request, pk: int | None) -> Township | None:
    user = request.user
    if pk is not None:
        return visible_or_404(Township, user, pk=pk)
    if role_of(user) == Role.TOWNSHIP and user.township_id:
        return user.township
    if role_of(user) == Role.VILLAGE and user.village_id:
        return user.village.township
    return None


@require_GET
@role_required()
def township(request, pk: int | None = None):
    """A township's targets (an officer's own area; county-wide users any township), its
    villages against the main targets."""
    area = _township_of(request, pk)
    if area is None:
        return redirect(_with_as_of(request, reverse("dashboard:county")))
    data = board(request.user, day=as_of_day(request), township=area)
    return _render_board(request, data, "dashboard/township.html")


@require_GET
@role_required()
def drilldown(request, pk: int, part: str):
    """The rows behind one number: a target's numerator or denominator in the user's area,
    optionally in one township (``?township=``) or village (``?village=``)."""
    user, day = request.user, as_of_day(request)
    target = visible_or_404(Target, user, pk=pk)
    spec = METRICS.get(target.metric)
    if spec is None:
        raise Http404("该目标的计算方法未注册。")
    measure = spec.measure(user=user, year=target.plan_year, day=day)
    chosen = measure.parts.get(part)
    if chosen is None:
        raise Http404("没有这项数据。")
    queryset = chosen.queryset
    area_label = ""
    township_id, village_id = request.GET.get("township", ""), request.GET.get("village", "")
    if village_id:
        village = visible_or_404(
            Village.objects.select_related("township"), user, pk=_int(village_id)
        )
        if chosen.village_path is None:
            raise Http404("这项数据不按村（社区）统计。")
        queryset = queryset.filter(**{chosen.village_path: village.pk})
        area_label = str(village)
    elif township_id:
        area = visible_or_404(Township, user, pk=_int(township_id))
        if chosen.township_path is None:
            raise Http404("这项数据不按乡镇（街道）统计。")
        queryset = queryset.filter(**{chosen.township_path: area.pk})
        area_label = area.name
    total = None
    if chosen.sum_field:
        amount = Coalesce(Sum(chosen.sum_field), 0, output_field=IntegerField())
        total = int(queryset.aggregate(n=amount)["n"])
    ids = queryset.order_by("pk").values_list("pk", flat=True)
    page = Paginator(ids, DRILLDOWN_PER_PAGE).get_page(request.GET.get("page"))
    layout = layout_for(queryset.model)
    other_name = "denominator" if part == "numerator" else "numerator"
    other_url = ""
    if other_name in measure.parts:
        area = {"township": township_id} if township_id else {}
        area = {"village": village_id} if village_id else area
        other_url = drilldown_url(target, other_name, day=day, **area)
    return render(
        request,
        "dashboard/drilldown.html",
        {
            "target": target,
            "spec": spec,
            "part": chosen,
            "part_name": part,
            "other_part": measure.parts.get(other_name),
            "other_url": other_url,
            "area_label": area_label,
            "page": page,
            "headers": layout.headers,
            "rows": page_rows(queryset.model, list(page.object_list), day),
            "total": total,
            "day": day,
            "past": day != today(),
        },
    )


def _with_as_of(request, url: str) -> str:
    """``url`` keeping the request's ``?as_of=`` (a redirect to the user's own board)."""
    raw = request.GET.get("as_of", "")
    return f"{url}?{urlencode({'as_of': raw})}" if raw else url


def _int(value: str) -> int:
    number = id_param(value)
    if number is None:
        raise Http404("参数不正确。")
    return number


def _report(request, data, handling=None):
    user = request.user
    book = report.dashboard_workbook(data, handling)
    access_log_record(
        user=user,
        action=AccessLog.Action.EXPORT,
        model=Target,
        row_count=len(data.cards),
        detail=f"目标看板报表（{data.area_label}，{data.day:%Y-%m-%d}）",
        request=request,
    )
    return workbook_response(book, report.file_name(data))


@require_GET
@role_required()
def county_report(request):
    """The county dashboard as a workbook: targets, townships, warnings."""
    if role_of(request.user) not in COUNTY_WIDE:
        area = _township_of(request, None)
        url = reverse("dashboard:township_report", args=[area.pk])
        return redirect(_with_as_of(request, url))
    day = as_of_day(request)
    return _report(request, board(request.user, day=day), case_handling(user=request.user, day=day))


@require_GET
@role_required()
def township_report(request, pk: int):
    area = visible_or_404(Township, request.user, pk=pk)
    return _report(request, board(request.user, day=as_of_day(request), township=area))
