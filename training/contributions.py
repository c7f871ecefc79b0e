"""What the app adds to shared pages (registered in ``TrainingConfig.ready``): warnings and
two sections of the laborer detail page."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from training import selectors
from training.models import (
    BusinessLoan,
    Enrollment,
    GuidanceParticipant,
    StationOccupancy,
    TrainingClass,
)
from xiushan_jobs.lib.extensions import DetailSection, Warning
from xiushan_jobs.lib.roles import Role
from xiushan_jobs.lib.scope import role_of

EDITORS = (Role.COUNTY, Role.TOWNSHIP)


def training_gap_warning(user: Any) -> list[Warning]:
    """Laborers with a training need and no class this year (seed 二(三): 应培尽培). One COUNT
    query; the URL lists exactly the counted laborers."""
    figure = selectors.training_gap(user=user)
    return [
        Warning(
            key="training.gap",
            label="有培训需求、今年尚未参加培训的劳动力",
            count=figure.count,
            url=figure.url,
            help="调查中有培训需求，但没有报名今年的任何培训班：请按意向工种组织报名或开班。",
            severity="warn",
        )
    ]


UNSUPPORTED_WARNING_KEY = "training.entrepreneurs_unsupported"


def entrepreneurship_warning(user: Any) -> list[Warning]:
    """Able and willing entrepreneurs without a loan offer or guidance this year (seed 主要
    目标: 一律提供创业担保贷款及创业指导服务)."""
    figure = selectors.entrepreneurs_unsupported(user=user)
    return [entrepreneurship_warning_line(figure.count, figure.url)]


def entrepreneurship_warning_line(count: int, url: str) -> Warning:
    """The warning's line for a count already known (the dashboard has it: target 7's
    denominator less its numerator)."""
    return Warning(
        key=UNSUPPORTED_WARNING_KEY,
        label="有创业意愿、今年尚未获得创业担保贷款或创业指导的劳动力",
        count=count,
        url=url,
        help="有劳动能力、有创业意愿：请提供创业担保贷款，并安排创业导师指导。",
        severity="warn",
    )


def training_section(laborer: Any, user: Any) -> DetailSection | None:
    """The laborer's classes: trade, dates, attendance, completion, certificate and
    subsidy. Two queries: the enrollments with their classes, and which classes the user
    may open."""
    enrollments = list(
        Enrollment.objects.filter(laborer=laborer)
        .select_related("training_class__trade", "training_class__program")
        .order_by("-training_class__start_date", "-pk")
    )
    visible = set(
        TrainingClass.objects.visible_to(user)
        .filter(pk__in=[e.training_class_id for e in enrollments])
        .values_list("pk", flat=True)
    )
    can_enroll = role_of(user) in EDITORS
    if not enrollments and not can_enroll:
        return None
    return DetailSection(
        title="技能培训",
        template="training/_laborer_section.html",
        context={
            "enrollments": [
                {
                    "enrollment": e,
                    "url": reverse("training:class_detail", args=[e.training_class_id])
                    if e.training_class_id in visible
                    else "",
                }
                for e in enrollments
            ],
            "skills": [e.skill for e in enrollments if e.skill],
            "wants_training": laborer.wants_training,
            "training_trade": laborer.training_trade,
            "can_enroll": can_enroll,
            "enroll_url": reverse("training:laborer_enroll", args=[laborer.pk]),
        },
    )


def entrepreneurship_section(laborer: Any, user: Any) -> DetailSection | None:
    """Guidance sessions, guaranteed loans and work stations of the laborer. Three
    queries, whatever the number of records."""
    guidance = list(
        GuidanceParticipant.objects.filter(laborer=laborer)
        .select_related("session__mentor")
        .order_by("-session__date", "-pk")
    )
    loans = list(BusinessLoan.objects.filter(laborer=laborer).order_by("-applied_on", "-pk"))
    stations = list(
        StationOccupancy.objects.filter(laborer=laborer)
        .select_related("station")
        .order_by("-start_date", "-pk")
    )
    can_edit = role_of(user) in EDITORS
    if not (guidance or loans or stations) and not (
        can_edit and (laborer.wants_entrepreneurship or laborer.is_college_graduate)
    ):
        return None
    return DetailSection(
        title="创业扶持",
        template="training/_entrepreneurship_section.html",
        context={
            "guidance": guidance,
            "loans": loans,
            "stations": stations,
            "wants_entrepreneurship": laborer.wants_entrepreneurship,
            "can_edit": can_edit,
            "loan_url": f"{reverse('training:loan_create')}?laborer={laborer.pk}",
            "session_url": f"{reverse('training:session_create')}?laborer={laborer.pk}",
            "station_url": (
                f"{reverse('training:station_list')}?occupancy=free&in_service=true"
                f"&laborer={laborer.pk}"
            )
            if laborer.is_college_graduate
            else "",
        },
    )
