"""Reports: subsidies per class and per funding source (page and xlsx), demand planning
("应培尽培" gaps by trade and area), and the lists of people behind the dashboard figures
and the warnings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from laborers.models import Village
from training import ledgers, reports, selectors
from training.choices import FundingSource
from training.filters import ClassFilter
from training.models import Trade, TrainingClass
from training.views.common import is_editor, logged_workbook, year_param
from xiushan_jobs.lib.access import role_required
from xiushan_jobs.lib.clock import today
from xiushan_jobs.lib.filters import id_param
from xiushan_jobs.lib.pages import paginate, query_without_page
from xiushan_jobs.lib.roles import Role
from xiushan_jobs.lib.scope import role_of


def _subsidy_classes(request):
    data = request.GET.copy()
    data.setdefault("year", str(today().year))
    filterset = ClassFilter(
        data, queryset=TrainingClass.objects.visible_to(request.user), request=request
    )
    for name in ("q", "status", "format"):
        filterset.filters.pop(name)
    if role_of(request.user) not in (Role.COUNTY, Role.LEADER):
        filterset.filters.pop("township")
    return filterset, filterset.qs


@require_GET
@role_required()
def subsidy_report(request):
    """Subsidy owed per funding source and per class (rectification item 57): the poor and
    non-poor rates side by side, non-poor trainees of East-West-funded classes unpaid, and
    any class whose rates break the rule flagged."""
    filterset, classes = _subsidy_classes(request)
    sources = reports.subsidy_by_source(classes)
    context = {
        "filter": filterset,
        "sources": sources,
        "total": reports.grand_total(sources),
        "page": paginate(request, reports.classes_with_subsidy(classes), per_page=50),
        "query": query_without_page(request),
        "east_west": FundingSource.EAST_WEST,
    }
    return render(request, "training/subsidy_report.html", context)


@require_GET
@role_required()
def subsidy_export(request):
    _filterset, classes = _subsidy_classes(request)
    sources = reports.subsidy_by_source(classes)
    rows = list(reports.classes_with_subsidy(classes))
    book = ledgers.subsidy_workbook(sources, reports.grand_total(sources), rows)
    return logged_workbook(request, book, model=TrainingClass, rows=len(rows), title="培训补贴统计")


@require_GET
@role_required()
def demand(request):
    """Demand planning: training needs by trade and by area, enrolled and not yet, each
    gap a link to the list of those laborers."""
    year = year_param(request)
    trade = request.GET.get("trade", "")
    area = request.GET.get("area", "")
    by_village = role_of(request.user) in (Role.TOWNSHIP, Role.VILLAGE)
    area_params = {"village" if by_village else "township": area} if id_param(area) else {}
    grid = reports.demand_grid(request.user, year, trade=trade, **area_params)
    context = {
        "year": year,
        "grid": grid,
        "trade": trade,
        "area": area,
        "area_param": "village" if by_village else "township",
        "trade_label": next((r.label for r in grid.trades if r.key == trade), ""),
        "area_label": next((r.label for r in grid.areas if r.key == area), ""),
        "can_enroll": is_editor(request.user),
    }
    return render(request, "training/demand.html", context)


# --- lists behind figures ----------------------------------------------------------------------


@dataclass(frozen=True)
class Group:
    title: str
    explanation: str
    queryset: Any  # (user, year) -> QuerySet of laborers
    section: str  # "training" or "entrepreneur"


DEMAND = (
    "调查中有培训需求（培训需求为“是”），或报名了本年度培训班且调查曾登记其培训需求的贫困劳动力"
)
ENTREPRENEURS = "有劳动能力、有创业意愿（创业需求为“是”）的贫困劳动力"
GROUPS = {
    "demand": Group(
        "有培训需求的贫困劳动力（应培）",
        DEMAND + "：目标 6 的分母。",
        selectors.training_demand_queryset,
        "training",
    ),
    "trained": Group(
        "已参加培训的贫困劳动力（应培尽培）",
        DEMAND + "中，本年度参加培训、未中途退出（仍在培训或已结业）的人：目标 6 的分子。",
        selectors.trained_queryset,
        "training",
    ),
    "skilled": Group(
        "已结业并取得证书或掌握技能的贫困劳动力",
        DEMAND + "中，本年度结业并取得证书或掌握技能的人：目标 6 的第二个数字（力争）。",
        selectors.skilled_queryset,
        "training",
    ),
    "gap": Group(
        "有培训需求、尚未参加培训的贫困劳动力",
        "调查中有培训需求，但没有报名本年度任何培训班（已取消的不算）的人：请按意向工种组织报名。",
        selectors.training_gap_queryset,
        "training",
    ),
    "shandong-skills": Group(
        "鲁渝协作技能培训结业的贫困劳动力",
        "本年度结业的鲁渝劳务协作技能培训班（叉车操作、苗绣、中式烹调师、母婴护理等，"
        "不含创业培训）的贫困学员，每人计一次：目标 15。",
        selectors.shandong_skill_trainees_queryset,
        "training",
    ),
    "shandong-entrepreneurship": Group(
        "赴山东参加创业培训的贫困劳动力",
        "本年度开班、在山东举办（办班方式为赴山东培训）的创业培训班中至少出勤一天的贫困学员："
        "目标 16。",
        selectors.shandong_entrepreneurship_trainees_queryset,
        "training",
    ),
    "entrepreneurs": Group(
        "有创业能力、有创业意愿的贫困劳动力",
        ENTREPRENEURS + "：目标 7 的分母。",
        lambda user, year: selectors.entrepreneurs_queryset(user),
        "entrepreneur",
    ),
    "with-loan": Group(
        "获得创业担保贷款的创业意愿劳动力",
        ENTREPRENEURS + "中，本年度有申请中或已发放的创业担保贷款的人。",
        selectors.entrepreneurs_with_loan_queryset,
        "entrepreneur",
    ),
    "with-guidance": Group(
        "接受创业指导的创业意愿劳动力",
        ENTREPRENEURS + "中，本年度接受过创业导师指导的人。",
        selectors.entrepreneurs_with_guidance_queryset,
        "entrepreneur",
    ),
    "supported": Group(
        "获得创业担保贷款并接受创业指导的劳动力",
        ENTREPRENEURS + "中，本年度既有创业担保贷款又接受过创业指导的人：目标 7 的分子。",
        selectors.entrepreneurs_supported_queryset,
        "entrepreneur",
    ),
    "unsupported": Group(
        "尚未获得创业担保贷款或创业指导的劳动力",
        ENTREPRENEURS + "中，本年度还缺少创业担保贷款或创业指导的人：请提供贷款并安排导师指导。",
        selectors.entrepreneurs_unsupported_queryset,
        "entrepreneur",
    ),
}


def _narrowed(request, queryset: QuerySet) -> QuerySet:
    """The demand page's cells: a trade, a township or a village."""
    trade = request.GET.get("trade", "")
    if trade:
        queryset = reports.trade_key_filter(queryset, trade)
    return reports.area_filter(
        queryset, township=request.GET.get("township", ""), village=request.GET.get("village", "")
    )


@require_GET
@role_required()
def laborer_group(request, group, section):
    spec = GROUPS.get(group)
    if spec is None or spec.section != section:
        raise Http404("没有这个名单。")
    year = year_param(request)
    queryset = _narrowed(request, spec.queryset(request.user, year))
    queryset = queryset.select_related("household__village__township").order_by(
        "household__village__township__sort_order", "household__village__name", "pk"
    )
    trade = request.GET.get("trade", "")
    context = {
        "group": spec,
        "slug": group,
        "section": section,
        "year": year,
        "page": paginate(request, queryset, per_page=50),
        "query": query_without_page(request),
        "villages": Village.objects.visible_to(request.user).select_related("township"),
        "village_id": request.GET.get("village", ""),
        "trade_label": Trade.objects.filter(pk=trade_id).values_list("name", flat=True).first()
        if (trade_id := id_param(trade))
        else {"other": "其他工种", "none": "未填写意向工种"}.get(trade, ""),
        "can_act": is_editor(request.user),
    }
    return render(request, "training/laborer_group.html", context)


TRAINEE_GROUPS = {
    "hechuan-practical": (
        "合川区对口帮扶农村实用技术培训结业人员",
        "本年度结业的合川区对口帮扶农村实用技术培训班的学员（贫困劳动力和非贫困学员），"
        "每人计一次：目标 19。",
        selectors.hechuan_practical_trainees_queryset,
    )
}


@require_GET
@role_required()
def trainee_group(request, group):
    if group not in TRAINEE_GROUPS:
        raise Http404("没有这个名单。")
    title, explanation, make = TRAINEE_GROUPS[group]
    year = year_param(request)
    queryset = (
        make(request.user, year)
        .select_related("laborer__household__village__township", "training_class__township")
        .order_by("training_class__end_date", "training_class", "pk")
    )
    context = {
        "title": title,
        "explanation": explanation,
        "year": year,
        "page": paginate(request, queryset, per_page=50),
        "query": query_without_page(request),
    }
    return render(request, "training/trainee_group.html", context)
