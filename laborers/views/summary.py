"""The officer's home (工作台), the shared warnings page (预警) and data quality (数据质量)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from laborers import quality
from laborers.models import EmploymentEpisode, Laborer, Service, Township
from laborers.selectors import area_breakdown, survey_progress
from laborers.views.common import may_change, paginate
from xiushan_jobs.lib.access import role_required
from xiushan_jobs.lib.clock import quarter_end, quarter_label, today
from xiushan_jobs.lib.extensions import warning_providers, workspace_sections
from xiushan_jobs.lib.filters import id_param
from xiushan_jobs.lib.roles import Role
from xiushan_jobs.lib.scope import role_of


def collect_warnings(user) -> list:
    """Every registered provider's warnings for the user's area, in registration order."""
    return [warning for provider in warning_providers for warning in provider(user)]


def _workspace_sections(request) -> list[dict]:
    """Blocks other apps put at the top of the workspace (我的待办)."""
    out = []
    for contribute in workspace_sections:
        section = contribute(request)
        if section is not None:
            html = render_to_string(section.template, section.context, request=request)
            out.append({"title": section.title, "html": html})
    return out


@require_GET
@role_required()
def workspace(request):
    """What needs doing in the user's area: warnings, this quarter's survey progress, the
    area's figures by village (by township for county-wide users), my latest services."""
    user, day = request.user, today()
    county_wide = role_of(user) in (Role.COUNTY, Role.LEADER)
    progress = survey_progress(user, day)
    recent = (
        Service.objects.visible_to(user)
        .filter(officer=user)
        .select_related("laborer")
        .order_by("-created_at", "-pk")[:8]
    )
    return render(
        request,
        "laborers/workspace.html",
        {
            "breakdown": area_breakdown(user),
            "progress": progress,
            "progress_pct": round(100 * progress["updated"] / progress["total"])
            if progress["total"]
            else 0,
            "quarter": quarter_label(day),
            "quarter_end": quarter_end(day),
            # An officer's to-do list. County-wide, every warning counts 100,000 laborers:
            # the bureau's home stays quick and the warnings are one tap away.
            "warnings": None if county_wide else collect_warnings(user),
            "recent_services": recent,
            "top_sections": _workspace_sections(request),
        },
    )


@require_GET
@role_required()
def warnings(request):
    """预警: each count links to the list it counts. Feature apps add their own lines."""
    items = collect_warnings(request.user)
    return render(
        request,
        "laborers/warnings.html",
        {"warnings": items, "open_count": sum(1 for w in items if w.count)},
    )


@require_GET
@role_required()
def quality_overview(request):
    counts = quality.quality_counts(request.user, today())
    checks = [(check, counts[check.key]) for check in quality.CHECKS]
    return render(
        request,
        "laborers/quality.html",
        {
            "checks": checks,
            "invalid_label": quality.INVALID_LABEL,
            "invalid_help": quality.INVALID_HELP,
        },
    )


def _invalid_records(request):
    """Today's rules over the area; county-wide users pick a township first."""
    user = request.user
    county_wide = role_of(user) in (Role.COUNTY, Role.LEADER)
    townships = Township.objects.visible_to(user) if county_wide else None
    township = None
    if county_wide:
        wanted = id_param(request.GET.get("township"))
        township = townships.filter(pk=wanted).first() if wanted else None
        if township is None:
            return {"townships": townships, "needs_township": True}
    failures = quality.records_failing_rules(user, township.pk if township else None)
    page = paginate(request, failures)
    names = dict(
        Laborer.objects.filter(
            pk__in={f.laborer_id for f in page.object_list if f.laborer_id}
        ).values_list("pk", "name")
    )
    for failure in page.object_list:
        failure.laborer_name = names.get(failure.laborer_id, "")
    return {"townships": townships, "township": township, "page": page, "count": len(failures)}


@require_GET
@role_required()
def quality_list(request, key: str):
    if key == quality.INVALID_KEY:
        context = {
            "label": quality.INVALID_LABEL,
            "help": quality.INVALID_HELP,
            "kind": "invalid",
            **_invalid_records(request),
        }
        return render(request, "laborers/quality_list.html", context)
    check = quality.CHECKS_BY_KEY.get(key)
    if check is None:
        raise Http404("没有这项数据质量检查。")
    records = check.records(request.user, today())
    page = paginate(request, records)
    return render(
        request,
        "laborers/quality_list.html",
        {
            "label": check.label,
            "help": check.help,
            "kind": check.kind,
            "page": page,
            "count": page.paginator.count,
            "today": today(),
            "may_change": may_change(EmploymentEpisode, request.user),
        },
    )
