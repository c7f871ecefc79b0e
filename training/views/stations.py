"""Free entrepreneurship work stations (创业工位) and who occupies them. Stations are the
county's (it adds and edits them); officers place their poor college graduates in free
stations and record when they leave."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from laborers.models import Laborer
from training import ledgers, services
from training.filters import StationFilter
from training.forms import EndDateForm, OccupancyForm, StationForm
from training.models import StationOccupancy, WorkStation
from training.views.common import EDITORS, LaborerPick, can_edit, is_editor, logged_workbook
from xiushan_jobs.lib.access import editable_or_404, role_required, visible_or_404
from xiushan_jobs.lib.clock import today
from xiushan_jobs.lib.pages import add_service_errors, paginate, query_without_page
from xiushan_jobs.lib.roles import Role
from xiushan_jobs.lib.scope import is_county


def _filtered(request):
    stations = WorkStation.objects.visible_to(request.user).with_occupant(today())
    filterset = StationFilter(request.GET or None, queryset=stations)
    return filterset, filterset.qs


@require_GET
@role_required()
def station_list(request):
    filterset, stations = _filtered(request)
    page = paginate(request, stations.order_by("base", "number"), per_page=50)
    occupancies = {
        o.pk: o
        for o in StationOccupancy.objects.filter(
            pk__in=[s.occupancy_id for s in page.object_list if s.occupancy_id]
        ).select_related("laborer")
    }
    visible = set(
        StationOccupancy.objects.visible_to(request.user)
        .filter(pk__in=list(occupancies))
        .values_list("pk", flat=True)
    )
    rows = [
        {
            "station": station,
            "occupancy": occupancies.get(station.occupancy_id),
            "shown": station.occupancy_id in visible,
        }
        for station in page.object_list
    ]
    context = {
        "filter": filterset,
        "page": page,
        "rows": rows,
        "totals": stations.aggregate(
            stations=Count("pk"), occupied=Count("pk", filter=Q(occupancy_id__isnull=False))
        ),
        "query": query_without_page(request),
        "can_add": is_county(request.user),
        "can_place": is_editor(request.user),
        "laborer": request.GET.get("laborer", ""),
    }
    return render(request, "training/station_list.html", context)


@require_GET
@role_required()
def station_export(request):
    _filterset, stations = _filtered(request)
    book, rows = ledgers.station_ledger(stations, user=request.user, day=today())
    return logged_workbook(request, book, model=WorkStation, rows=rows, title="创业工位台账")


@require_GET
@role_required()
def station_detail(request, pk):
    station = visible_or_404(WorkStation, request.user, pk=pk)
    occupancies = StationOccupancy.objects.filter(station=station)
    shown = list(
        occupancies.visible_to(request.user)
        .select_related("laborer__household__village__township")
        .order_by("-start_date", "-pk")
    )
    editable = set(
        occupancies.editable_by(request.user)
        .filter(pk__in=[o.pk for o in shown])
        .values_list("pk", flat=True)
    )
    day = today()
    current = occupancies.current_on(day).first()
    context = {
        "station": station,
        "occupancies": shown,
        "editable": editable,
        "hidden": occupancies.count() - len(shown),
        "current": current,
        "can_edit": can_edit(WorkStation.objects, request.user, station),
        "can_place": is_editor(request.user) and station.is_active and current is None,
        "end_form": EndDateForm(),
    }
    return render(request, "training/station_detail.html", context)


def _station_form(request, station=None):
    form = StationForm(request.POST or None, instance=station)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.station_save(station=form.instance, by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"已保存{saved}。")
            return redirect("training:station_detail", pk=saved.pk)
    bases = WorkStation.objects.order_by("base").values_list("base", flat=True).distinct()
    return render(
        request,
        "training/station_form.html",
        {"form": form, "object": station, "bases": list(bases)},
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.COUNTY, write=True)
def station_create(request):
    return _station_form(request)


@require_http_methods(["GET", "POST"])
@role_required(Role.COUNTY, write=True)
def station_edit(request, pk):
    return _station_form(request, editable_or_404(WorkStation, request.user, pk=pk))


@require_POST
@role_required(Role.COUNTY, write=True)
def station_delete(request, pk):
    station = editable_or_404(WorkStation, request.user, pk=pk)
    try:
        services.station_delete(station=station, by=request.user)
    except services.InUse as exc:
        messages.error(request, str(exc))
        return redirect("training:station_detail", pk=station.pk)
    messages.success(request, f"已删除{station}。")
    return redirect("training:station_list")


@require_http_methods(["GET", "POST"])
@role_required(*EDITORS, write=True)
def occupancy_start(request, pk):
    """Place a poor college graduate of the user's area in this station."""
    station = visible_or_404(WorkStation, request.user, pk=pk)
    graduates = Laborer.objects.editable_by(request.user).college_graduates()
    pick = LaborerPick(request, graduates)
    form = None
    if pick.laborer is not None:
        form = OccupancyForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.occupancy_start(
                    station=station, laborer=pick.laborer, by=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, f"{pick.laborer.name} 已入驻{station}。")
                return redirect("training:station_detail", pk=station.pk)
    return render(
        request, "training/occupancy_form.html", {"station": station, "pick": pick, "form": form}
    )


@require_POST
@role_required(*EDITORS, write=True)
def occupancy_end(request, pk):
    occupancy = editable_or_404(
        StationOccupancy.objects.select_related("station", "laborer"), request.user, pk=pk
    )
    form = EndDateForm(request.POST)
    if form.is_valid():
        try:
            services.occupancy_end(
                occupancy=occupancy, end_date=form.cleaned_data["end_date"], by=request.user
            )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, f"已登记 {occupancy.laborer.name} 退出{occupancy.station}。")
    else:
        messages.error(request, "请填写有效的退出日期。")
    return redirect("training:station_detail", pk=occupancy.station_id)


@require_POST
@role_required(*EDITORS, write=True)
def occupancy_delete(request, pk):
    occupancy = editable_or_404(
        StationOccupancy.objects.select_related("laborer"), request.user, pk=pk
    )
    station_pk, name = occupancy.station_id, occupancy.laborer.name
    services.occupancy_delete(occupancy=occupancy, by=request.user)
    messages.success(request, f"已删除 {name} 的入驻记录。")
    return redirect("training:station_detail", pk=station_pk)
