"""Reusable reads of the registry, annotated once in SQL, never a query per row."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import (
    Count,
    Exists,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from laborers import choices
from xiushan_jobs.lib.scope import ScopedQuerySet


class TownshipQuerySet(ScopedQuerySet):
    township_lookup = "pk"
    village_lookup = "villages"


class VillageQuerySet(ScopedQuerySet):
    township_lookup = "township"
    village_lookup = "pk"


def _open_episodes():
    from laborers.models import EmploymentEpisode

    return EmploymentEpisode.objects.filter(laborer=OuterRef("pk"), end_date__isnull=True)


def _count_subquery(queryset, field: str = "laborer") -> Coalesce:
    """COUNT(*) of ``queryset`` correlated on ``field``, as an annotation."""
    counted = queryset.order_by().values(field).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


class LaborerQuerySet(ScopedQuerySet):
    township_lookup = "household__village__township"
    village_lookup = "household__village"
    village_may_edit = True

    # --- annotations -------------------------------------------------------------------
    def with_current_employment(self) -> LaborerQuerySet:
        """``current_kind``: the kind of the open episode, ``None`` when not employed."""
        return self.annotate(
            current_kind=Subquery(_open_episodes().values("kind")[:1]),
        )

    def with_open_job(self) -> LaborerQuerySet:
        """``open_job``: the open episode LEFT JOINed (at most one per laborer, a unique index
        says so), for conditions on the current job in one pass over many laborers:
        ``Q(open_job__isnull=False)`` is ``employed()``, ``Q(open_job__kind=…)`` the kind."""
        return self.annotate(
            open_job=FilteredRelation("episodes", condition=Q(episodes__end_date__isnull=True))
        )

    def with_service_count(self) -> LaborerQuerySet:
        from laborers.models import Service

        return self.annotate(
            service_count=_count_subquery(Service.objects.filter(laborer=OuterRef("pk")))
        )

    # --- filters -----------------------------------------------------------------------
    def search(self, text: str, *, user: Any, request=None) -> LaborerQuerySet:
        """Pickers' search: by name, by the tail a masked number shows, or (for users who
        may reveal, logged) by a complete number: see ``laborers/search.py``. Nothing for
        an empty search."""
        from laborers.search import search_people

        return search_people(self, text, user=user, where="选择劳动力", request=request).queryset

    def employed(self) -> LaborerQuerySet:
        return self.filter(Exists(_open_episodes()))

    def unemployed(self) -> LaborerQuerySet:
        return self.exclude(Exists(_open_episodes()))

    def labor_capable(self) -> LaborerQuerySet:
        return self.filter(labor_ability__in=choices.LaborAbility.capable())

    def willing_to_work(self) -> LaborerQuerySet:
        return self.filter(employment_intention__in=choices.EmploymentIntention.willing())

    def with_intention(self) -> LaborerQuerySet:
        """With an employment, training or entrepreneurship intention (target 9)."""
        return self.filter(
            Q(employment_intention__in=choices.EmploymentIntention.willing())
            | Q(wants_training=True)
            | Q(wants_entrepreneurship=True)
        )

    def relocated(self) -> LaborerQuerySet:
        return self.filter(household__relocated=True)

    def college_graduates(self) -> LaborerQuerySet:
        return self.filter(is_college_graduate=True)

    def not_surveyed_since(self, day: datetime.date) -> LaborerQuerySet:
        return self.filter(Q(last_surveyed_on__isnull=True) | Q(last_surveyed_on__lt=day))

    def in_township(self, township_id: int) -> LaborerQuerySet:
        return self.filter(household__village__township_id=township_id)

    def fewer_services_since(self, day: datetime.date, minimum: int) -> LaborerQuerySet:
        """Fewer than ``minimum`` services dated ``day`` or later: no ``minimum``-th service
        exists (an index probe of at most ``minimum`` rows, not a count of them all)."""
        from laborers.models import Service

        nth = Service.objects.filter(laborer=OuterRef("pk"), date__gte=day).order_by()
        return self.exclude(Exists(nth[minimum - 1 : minimum]))

    def in_zero_employment_household(self) -> LaborerQuerySet:
        return self.filter(in_zero_employment_household())


def in_zero_employment_household() -> Exists:
    """Whether the laborer's household is a 零就业家庭 (``HouseholdQuerySet.zero_employment``),
    as a condition evaluated per laborer row: an index probe of one household, where the
    household set itself would be worked out for the whole area first."""
    from laborers.models import Household

    return Exists(Household.objects.zero_employment().filter(pk=OuterRef("household_id")))


def household_head_name(household_ref: str = "pk") -> Subquery:
    """The name of the household's head (户主), for a row ``household_ref`` away: the
    oldest head if a data error left two (the data-quality page lists those)."""
    from laborers.models import Laborer

    return Subquery(
        Laborer.objects.filter(
            household=OuterRef(household_ref), relationship=choices.Relationship.HEAD
        )
        .order_by("pk")
        .values("name")[:1]
    )


class HouseholdQuerySet(ScopedQuerySet):
    township_lookup = "village__township"
    village_lookup = "village"

    def labelled(self) -> HouseholdQuerySet:
        """With what ``Household.label`` shows (head's name, village) in the same query,
        so a list or a picker of households costs one query whatever its length."""
        return self.select_related("village__township").annotate(head_name=household_head_name())

    def zero_employment(self, day: datetime.date | None = None) -> HouseholdQuerySet:
        """零就业家庭 (target 3, rectification item 27 "为有就业意愿、就业能力的贫困家庭提供
        就业岗位"): at least one member who is both labor-capable and willing to work, and
        no member employed — now (an open episode), or on ``day`` (an episode running
        then). A household whose capable members do not want work is not one: the plan
        offers jobs to those who want them. The dashboard, the warnings and every list
        that says 零就业家庭 use this method."""
        from laborers.models import EmploymentEpisode, Laborer

        wanting = Laborer.objects.filter(
            household=OuterRef("pk"),
            labor_ability__in=choices.LaborAbility.capable(),
            employment_intention__in=choices.EmploymentIntention.willing(),
        )
        episodes = EmploymentEpisode.objects.filter(laborer__household=OuterRef("pk"))
        employed = episodes.open() if day is None else episodes.running_on(day)
        # Employment first: it rules most households out cheaply (twice as fast on SQLite).
        return self.exclude(Exists(employed)).filter(Exists(wanting))


class EpisodeQuerySet(ScopedQuerySet):
    township_lookup = "laborer__household__village__township"
    village_lookup = "laborer__household__village"
    village_may_edit = True

    def open(self) -> EpisodeQuerySet:
        return self.filter(end_date__isnull=True)

    def running_on(self, day: datetime.date) -> EpisodeQuerySet:
        """Episodes the laborer was working in on ``day``: started by then, not ended
        before it (the end date is the last day worked)."""
        return self.filter(Q(start_date__lte=day), Q(end_date__isnull=True) | Q(end_date__gte=day))

    def overlapping(
        self,
        laborer_id: int,
        start: datetime.date,
        end: datetime.date | None,
        *,
        exclude: Iterable[int | None] = (),
    ) -> EpisodeQuerySet:
        """The laborer's episodes sharing a day with [start, end] (``end`` None: open-ended;
        an open episode runs on), earliest first; ``exclude`` names episodes to leave out
        (the one being checked, one about to end)."""
        episodes = self.filter(laborer_id=laborer_id).exclude(
            pk__in=[pk for pk in exclude if pk is not None]
        )
        episodes = episodes.filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        if end is not None:
            episodes = episodes.filter(start_date__lte=end)
        return episodes.order_by("start_date", "pk")


class ServiceQuerySet(ScopedQuerySet):
    township_lookup = "laborer__household__village__township"
    village_lookup = "laborer__household__village"
    village_may_edit = True


class ImportBatchQuerySet(ScopedQuerySet):
    township_lookup = "township"
    village_lookup = "village"
    village_may_edit = True
