"""Placing laborers (from a site's page or from a laborer's page) and ending placements."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Case, F, OuterRef, Subquery, When
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from laborers.models import EmploymentEpisode, Laborer
from workshops.forms import (
    LaborerPlacementForm,
    LaborerSearchForm,
    PlacementEndForm,
    SitePlacementForm,
)
from workshops.models import Post, Workshop
from workshops.services import placement_end, placement_start
from workshops.views.common import SITE_KINDS, add_service_errors, site_of
from xiushan_jobs.lib.access import editable_or_404, role_required
from xiushan_jobs.lib.clock import today
from xiushan_jobs.lib.filters import id_param
from xiushan_jobs.lib.roles import Role

EDITORS = (Role.COUNTY, Role.TOWNSHIP)
SEARCH_LIMIT = 20


def _with_current_episode(laborers):
    """Laborers with their open episode's kind, employer and start (one query)."""
    open_episode = EmploymentEpisode.objects.filter(laborer=OuterRef("pk"), end_date__isnull=True)
    return laborers.select_related("household__village__township").annotate(
        current_kind=Subquery(open_episode.values("kind")[:1]),
        current_employer=Subquery(open_episode.values("employer")[:1]),
        current_start=Subquery(open_episode.values("start_date")[:1]),
    )


def _apply(request, form, site, laborer):
    try:
        placement = placement_start(
            site=site,
            laborer=laborer,
            start_date=form.cleaned_data["start_date"],
            monthly_pay=form.cleaned_data["monthly_pay"],
            current=form.cleaned_data["current"] or "",
            note=form.cleaned_data["note"],
            by=request.user,
        )
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None
    messages.success(
        request,
        f"已将{laborer.name}安置到“{site.name}”，{placement.episode.start_date:%Y-%m-%d} 起。",
    )
    return placement


@require_http_methods(["GET", "POST"])
@role_required(*EDITORS, write=True)
def site_place(request, kind, pk):
    """Search laborers in the officer's scope, choose one, give the start date and pay."""
    site_kind = SITE_KINDS[kind]
    site = editable_or_404(
        site_kind.model.objects.select_related("village__township").with_headcount(),
        request.user,
        pk=pk,
    )
    laborers = Laborer.objects.editable_by(request.user)
    search = LaborerSearchForm(request.GET or None)
    results = []
    if search.is_valid() and search.cleaned_data["q"]:
        results = list(
            _with_current_episode(
                laborers.search(search.cleaned_data["q"], user=request.user, request=request)
            )[:SEARCH_LIMIT]
        )
    chosen = None
    form = None
    chosen_id = id_param(request.POST.get("laborer") or request.GET.get("laborer"))
    if chosen_id:
        chosen = _with_current_episode(laborers).filter(pk=chosen_id).first()
    if chosen is not None:
        initial = {"laborer": chosen.pk}
        if kind == "post":
            initial["monthly_pay"] = site.monthly_subsidy
        form = SitePlacementForm(
            request.POST or None,
            initial=initial,
            laborers=laborers,
            has_current=bool(chosen.current_kind),
        )
        placed = (
            request.method == "POST"
            and form.is_valid()
            and _apply(request, form, site, form.cleaned_data["laborer"])
        )
        if placed:
            return redirect(f"workshops:{kind}_detail", pk=site.pk)
    elif request.method == "POST":
        messages.error(request, "没有找到该劳动力，或您无权安置他（她）：请重新查找。")
    capacity = getattr(site, site_kind.capacity_field)
    context = {
        "kind": site_kind,
        "site": site,
        "capacity": capacity,
        "full": site.headcount >= capacity,
        "search": search,
        "results": results,
        "searched": bool(search.is_bound and search.is_valid() and search.cleaned_data["q"]),
        "search_limit": SEARCH_LIMIT,
        "chosen": chosen,
        "form": form,
    }
    return render(request, "workshops/site_place.html", context)


@require_http_methods(["GET", "POST"])
@role_required(*EDITORS, write=True)
def laborer_place(request, laborer_pk):
    """Place a laborer from their own page: the sites with room in the laborer's township
    that the officer manages."""
    laborer = editable_or_404(
        _with_current_episode(Laborer.objects.all()), request.user, pk=laborer_pk
    )
    township_id = laborer.household.village.township_id
    day = today()
    workshops = list(
        Workshop.objects.editable_by(request.user)
        .accepting_placements()
        .filter(village__township_id=township_id)
        .select_related("village")
        .with_headcount()
        .filter(headcount__lt=F("jobs_offered"))
        .order_by("name")
    )
    posts = list(
        Post.objects.editable_by(request.user)
        .in_period_on(day)
        .filter(village__township_id=township_id)
        .select_related("village")
        .with_headcount()
        .filter(headcount__lt=F("positions"))
        # the laborer's own village first: village posts are for its villagers
        .order_by(
            Case(When(village_id=laborer.household.village_id, then=0), default=1),
            "village__name",
            "name",
        )
    )
    form = LaborerPlacementForm(
        request.POST or None,
        initial={"current": request.GET.get("current", "")},
        workshops=workshops,
        posts=posts,
        has_current=bool(laborer.current_kind),
    )
    if request.method == "POST" and form.is_valid():
        site = form.cleaned_data["site"]
        if _apply(request, form, site, laborer):
            return redirect(
                f"workshops:{'workshop' if isinstance(site, Workshop) else 'post'}_detail",
                pk=site.pk,
            )
    context = {"laborer": laborer, "form": form, "has_sites": bool(workshops or posts)}
    return render(request, "workshops/laborer_place.html", context)


@require_http_methods(["GET", "POST"])
@role_required(*EDITORS, write=True)
def placement_finish(request, kind, pk):
    site_kind = SITE_KINDS[kind]
    placement = editable_or_404(
        site_kind.placement_model.objects.select_related(
            "episode__laborer__household__village__township",
            f"{site_kind.site_field}__village__township",
        ),
        request.user,
        pk=pk,
    )
    site = site_of(placement)
    form = PlacementEndForm(request.POST or None)
    if placement.episode.end_date is not None:
        messages.info(request, f"该安置已于 {placement.episode.end_date:%Y-%m-%d} 结束。")
        return redirect(f"workshops:{kind}_detail", pk=site.pk)
    if request.method == "POST" and form.is_valid():
        try:
            placement_end(
                placement=placement,
                end_date=form.cleaned_data["end_date"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                f"{placement.episode.laborer.name}已于 {form.cleaned_data['end_date']:%Y-%m-%d} "
                f"从“{site.name}”离岗。",
            )
            return redirect(f"workshops:{kind}_detail", pk=site.pk)
    context = {"kind": site_kind, "placement": placement, "site": site, "form": form}
    return render(request, "workshops/placement_end.html", context)
