"""Lists of laborers behind the dashboard figures and the warning, and the employment
episodes of workshop or post kind that still lack their site."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from laborers.choices import EmploymentKind
from laborers.models import EmploymentEpisode, Village
from workshops import selectors
from workshops.views.common import paginate, query_without_page
from xiushan_jobs.lib.access import role_required
from xiushan_jobs.lib.clock import today
from xiushan_jobs.lib.filters import id_param
from xiushan_jobs.lib.roles import Role
from xiushan_jobs.lib.scope import role_of

EDITORS = (Role.COUNTY, Role.TOWNSHIP)


@dataclass(frozen=True)
class Group:
    title: str
    explanation: str
    queryset: Any  # (user, year) -> QuerySet of laborers
    uses_year: bool = False


HARD_TO_EMPLOY = (
    "有劳动能力（技能、普通、弱劳动力或半劳动力）、有就业意愿，且当前除公益性岗位外没有就业。"
)
GROUPS = {
    "hard-to-employ": Group(
        "有就业意愿且一时难以就业的贫困劳动力",
        HARD_TO_EMPLOY + "目标 8 的分母。",
        lambda user, year: selectors.hard_to_employ_queryset(user),
    ),
    "in-posts": Group(
        "已在公益性岗位安置的一时难以就业劳动力",
        HARD_TO_EMPLOY + "其中当前在公益性岗位就业的人（目标 8 的分子）。",
        lambda user, year: selectors.in_posts_queryset(user),
    ),
    "unplaced": Group(
        "有就业意愿、未就业且未安置公益性岗位的劳动力",
        HARD_TO_EMPLOY
        + "其中当前没有任何就业、也未安置公益性岗位的人：请推荐岗位或安置公益性岗位。",
        lambda user, year: selectors.unplaced_queryset(user),
    ),
    "local-work": Group(
        "经扶贫车间、园区就近就地就业的贫困劳动力",
        "本年度开始的就业中，在扶贫车间就业，或经“就近就地”项目在县内就业（园区、鲁资企业）"
        "的劳动力，每人计一次（目标 14 的一部分）。",
        lambda user, year: selectors.local_work_queryset(user, year),
        uses_year=True,
    ),
}


def _village_filter(request):
    villages = Village.objects.visible_to(request.user).select_related("township")
    return villages, id_param(request.GET.get("village"))


@require_GET
@role_required()
def laborer_group(request, group):
    spec = GROUPS.get(group)
    if spec is None:
        raise Http404("没有这个名单。")
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and 2014 <= int(year) <= 2100 else today().year
    queryset = spec.queryset(request.user, year)
    villages, village_id = _village_filter(request)
    if village_id:
        queryset = queryset.filter(household__village_id=village_id)
    open_episode = EmploymentEpisode.objects.filter(laborer=OuterRef("pk"), end_date__isnull=True)
    queryset = (
        queryset.select_related("household__village__township")
        .annotate(
            current_kind=Subquery(open_episode.values("kind")[:1]),
            current_employer=Subquery(open_episode.values("employer")[:1]),
            current_start=Subquery(open_episode.values("start_date")[:1]),
        )
        .order_by("household__village__township__sort_order", "household__village__name", "pk")
    )
    context = {
        "group": spec,
        "slug": group,
        "year": year,
        "page": paginate(request, queryset, per_page=50),
        "villages": villages,
        "village_id": village_id,
        "query": query_without_page(request),
        "can_place": role_of(request.user) in EDITORS,
    }
    return render(request, "workshops/laborer_group.html", context)


@require_GET
@role_required()
def unlinked(request):
    """Open episodes of kind 扶贫车间 or 公益性岗位 not yet linked to a site (recorded on the
    laborer's page or by a survey import): each can be linked from the laborer's page."""
    episodes = (
        EmploymentEpisode.objects.visible_to(request.user)
        .open()
        .filter(
            kind__in=[EmploymentKind.WORKSHOP, EmploymentKind.WELFARE_POST],
            workshopplacement__isnull=True,
            postplacement__isnull=True,
        )
        .select_related("laborer__household__village__township")
        .order_by("laborer__household__village__township__sort_order", "kind", "laborer_id")
    )
    kind = request.GET.get("kind", "")
    if kind in (EmploymentKind.WORKSHOP, EmploymentKind.WELFARE_POST):
        episodes = episodes.filter(kind=kind)
    context = {
        "page": paginate(request, episodes, per_page=50),
        "kind": kind,
        "kinds": [EmploymentKind.WORKSHOP, EmploymentKind.WELFARE_POST],
        "query": query_without_page(request),
        "can_place": role_of(request.user) in EDITORS,
    }
    return render(request, "workshops/unlinked.html", context)
