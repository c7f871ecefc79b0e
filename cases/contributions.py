"""What this app adds to shared pages (registered in ``CasesConfig.ready``): 我的待办 at the
top of the workspace, and the laborer's cases and helper on the laborer page."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Q

from cases.models import Case, Helper, HouseholdHelper
from xiushan_jobs.lib.clock import today
from xiushan_jobs.lib.extensions import DetailSection
from xiushan_jobs.lib.roles import Role
from xiushan_jobs.lib.scope import role_of

TODO_SHOWN = 8


def week_start(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def todo_counts(queryset, day: datetime.date) -> dict[str, int]:
    """Open, overdue, due within 3 days and new this week, in one query."""
    return queryset.aggregate(
        total=Count("pk"),
        overdue=Count("pk", filter=Q(due_on__lt=day)),
        due_soon=Count(
            "pk", filter=Q(due_on__gte=day, due_on__lte=day + datetime.timedelta(days=3))
        ),
        new=Count("pk", filter=Q(opened_on__gte=week_start(day))),
        supervised=Count("pk", filter=Q(supervised_on__isnull=False)),
    )


def todo_section(request: Any) -> DetailSection | None:
    """我的待办 for officers: two queries (the counts, the most urgent cases)."""
    user = request.user
    if role_of(user) not in (Role.TOWNSHIP, Role.VILLAGE):
        return None
    day = today()
    todo = Case.objects.todo_for(user, day)
    counts = todo_counts(Case.objects.visible_to(user).open(), day)
    rows = list(todo.select_related("rule", "laborer", "household__village")[:TODO_SHOWN])
    return DetailSection(
        "我的待办",
        "cases/_todo.html",
        {"todo": rows, "todo_counts": counts, "day": day},
    )


def laborer_section(laborer: Any, user: Any) -> DetailSection | None:
    """The laborer's cases (theirs and their household's) and the household's helper."""
    cases = Case.objects.filter(
        Q(laborer=laborer) | Q(household_id=laborer.household_id, laborer=None)
    )
    return _helper_and_cases(laborer.household, cases, user)


def household_section(household: Any, user: Any) -> DetailSection | None:
    """The household's helper and the cases of the household and its members."""
    cases = Case.objects.filter(
        Q(household=household, laborer=None) | Q(laborer__household=household)
    )
    return _helper_and_cases(household, cases, user)


def _helper_and_cases(household: Any, cases: Any, user: Any) -> DetailSection:
    cases = list(
        cases.select_related("rule", "laborer").order_by("cleared_on", "-opened_on", "pk")[:20]
    )
    link = HouseholdHelper.objects.filter(household=household).select_related("helper").first()
    # township and county officers choose the household's helper here (one by one)
    helpers = (
        list(
            Helper.objects.visible_to(user)
            .filter(township_id=household.village.township_id)
            .order_by("name", "pk")
        )
        if role_of(user) in (Role.COUNTY, Role.TOWNSHIP)
        else []
    )
    return DetailSection(
        "预警处置与帮扶责任人",
        "cases/_laborer_section.html",
        {
            "cases": cases,
            "helper_link": link,
            "helpers": helpers,
            "household_id": household.pk,
            "day": today(),
        },
    )
