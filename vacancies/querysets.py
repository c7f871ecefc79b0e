"""Reusable reads of vacancies and pushes."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Q

from xiushan_jobs.lib.clock import today
from xiushan_jobs.lib.roles import Role
from xiushan_jobs.lib.scope import CountyOrTownshipQuerySet, ScopedQuerySet, role_of


class VacancyQuerySet(CountyOrTownshipQuerySet):
    """County-registered vacancies (no township) are pushed by every township; a
    township's own are its own (like recruitment events)."""

    def current(self, day: datetime.date | None = None) -> VacancyQuerySet:
        """Open on ``day`` (today): inside the validity period."""
        day = day or today()
        return self.filter(valid_from__lte=day, valid_to__gte=day)

    def for_township(self, township: Any) -> VacancyQuerySet:
        """Open to the people of ``township``: the county's vacancies and the township's
        own (what its villages' messages and public pages list)."""
        return self.filter(Q(township__isnull=True) | Q(township=township))

    def pushable_by(self, user: Any) -> VacancyQuerySet:
        """Officers push any vacancy they can see, not only their own: a county vacancy is
        pushed by every township. Leaders push nothing."""
        if role_of(user) in (Role.COUNTY, Role.TOWNSHIP, Role.VILLAGE):
            return self.visible_to(user)
        return self.none()

    def admitting(self, laborer: Any, day: datetime.date | None = None) -> VacancyQuerySet:
        """Vacancies whose requirements ``laborer`` meets: age, sex, labor ability,
        education, and the reserve for poor college graduates (every registered laborer
        is a poor laborer). The same requirements as ``vacancies.matching`` asks of
        laborers, seen from the laborer's side."""
        from vacancies.models import EDUCATION_ORDER, AbilityRequired, ReservedFor

        age = laborer.age_on(day or today())
        allowed_ability = [a for a in AbilityRequired if laborer.labor_ability in a.abilities()]
        education = laborer.education
        met_education = EDUCATION_ORDER[: EDUCATION_ORDER.index(education) + 1] if education else []
        queryset = self.filter(
            Q(age_min__isnull=True) | Q(age_min__lte=age),
            Q(age_max__isnull=True) | Q(age_max__gte=age),
            Q(sex="") | Q(sex=laborer.sex),
            Q(education_min="") | Q(education_min__in=met_education),
            ability_required__in=allowed_ability,
        )
        if not laborer.is_college_graduate:
            queryset = queryset.exclude(reserved_for=ReservedFor.GRADUATES)
        return queryset

    def with_push_counts(self) -> VacancyQuerySet:
        from vacancies.models import Answer

        reached = [Answer.INTERESTED, Answer.INTERVIEWED, Answer.HIRED]
        return self.annotate(
            pushed=Count("recipients", distinct=True),
            interested=Count("recipients", filter=Q(recipients__answer__in=reached), distinct=True),
            hired=Count("recipients", filter=Q(recipients__answer=Answer.HIRED), distinct=True),
        )


class PushQuerySet(ScopedQuerySet):
    """Seen by whoever sees the pushed vacancy."""

    township_lookup = "vacancy__township"
    village_lookup = "vacancy__township__villages"

    def visible_to(self, user: Any) -> ScopedQuerySet:
        if role_of(user) in (Role.TOWNSHIP, Role.VILLAGE) and user.township_id:
            return self.filter(
                Q(vacancy__township__isnull=True) | Q(vacancy__township=user.township_id)
            )
        return ScopedQuerySet.visible_to(self, user)


class PushedLaborerQuerySet(ScopedQuerySet):
    """A pushed laborer belongs to the laborer's village: their answers are recorded by
    whoever looks after the laborer."""

    township_lookup = "laborer__household__village__township"
    village_lookup = "laborer__household__village"
    village_may_edit = True

    def funnel(self) -> dict[str, int]:
        """pushed → interested → interviewed → hired: each stage counts everyone who got
        at least that far (a hire was interested and interviewed), in one query."""
        from vacancies.models import Answer

        return self.aggregate(
            pushed=Count("pk"),
            interested=Count(
                "pk",
                filter=Q(answer__in=[Answer.INTERESTED, Answer.INTERVIEWED, Answer.HIRED]),
            ),
            interviewed=Count("pk", filter=Q(answer__in=[Answer.INTERVIEWED, Answer.HIRED])),
            hired=Count("pk", filter=Q(answer=Answer.HIRED)),
            declined=Count("pk", filter=Q(answer=Answer.DECLINED)),
        )
