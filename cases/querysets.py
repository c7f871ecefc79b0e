from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Case as When_
from django.db.models import IntegerField, Value, When

from xiushan_jobs.lib.roles import Role
from xiushan_jobs.lib.scope import ScopedQuerySet, role_of


class HelperQuerySet(ScopedQuerySet):
    township_lookup = "township"
    village_lookup = "township__villages"


class HouseholdHelperQuerySet(ScopedQuerySet):
    township_lookup = "household__village__township"
    village_lookup = "household__village"


class CaseQuerySet(ScopedQuerySet):
    township_lookup = "household__village__township"
    village_lookup = "household__village"
    village_may_edit = True

    def active(self) -> CaseQuerySet:
        """The condition still holds (open, or dismissed and not yet ended)."""
        return self.filter(cleared_on__isnull=True)

    def open(self) -> CaseQuerySet:
        from cases.models import CaseStatus

        return self.filter(status__in=CaseStatus.open())

    def overdue(self, day: datetime.date) -> CaseQuerySet:
        """逾期: flagged to the township."""
        return self.open().filter(due_on__lt=day)

    def escalated(self, day: datetime.date) -> CaseQuerySet:
        """逾期已久: flagged to the county (``escalate_on`` = due date + the rule's days)."""
        return self.open().filter(escalate_on__lte=day)

    def opened_between(self, start: datetime.date, end: datetime.date) -> CaseQuerySet:
        return self.filter(opened_on__gte=start, opened_on__lte=end)

    def todo_for(self, user: Any, day: datetime.date) -> CaseQuerySet:
        """我的待办: open cases of the user's area that are theirs to act on (a village
        officer's own village; a township officer's township, or the cases whose owner
        they are), most urgent first: supervised by the county, then escalated, overdue,
        due soonest."""
        qs = self.visible_to(user).open()
        if role_of(user) not in (Role.TOWNSHIP, Role.VILLAGE):
            qs = qs.filter(owner=user)
        return qs.annotate(
            urgency=When_(
                When(supervised_on__isnull=False, then=Value(0)),
                When(escalate_on__lte=day, then=Value(1)),
                When(due_on__lt=day, then=Value(2)),
                default=Value(3),
                output_field=IntegerField(),
            )
        ).order_by("urgency", "due_on", "opened_on", "pk")
