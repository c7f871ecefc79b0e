"""Scoped querysets of sites, placements, fundings and attachments.

Sites belong to a village (a workshop's village may be a resettlement site); the township
follows the village, so scope is ``village__township`` for township officers and
``village`` for village officers, who read their village's sites and change nothing.
Annotations are correlated subqueries, so they combine without multiplying rows.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from workshops.choices import FundingSource, RecognitionStatus
from xiushan_jobs.lib.roles import Role
from xiushan_jobs.lib.scope import ScopedQuerySet, role_of


def _open_count(model, site_field: str) -> Coalesce:
    placements = model.objects.filter(
        **{site_field: OuterRef("pk"), "episode__end_date__isnull": True}
    )
    counted = placements.order_by().values(site_field).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


class WorkshopQuerySet(ScopedQuerySet):
    township_lookup = "village__township"
    village_lookup = "village"

    def with_headcount(self) -> WorkshopQuerySet:
        """``headcount``: poor laborers placed there now (open placements)."""
        from workshops.models import WorkshopPlacement

        return self.annotate(headcount=_open_count(WorkshopPlacement, "workshop"))

    def with_funding(self) -> WorkshopQuerySet:
        """``agricultural_total`` (yuan, all years) and ``shandong_count`` (grants)."""
        from workshops.models import WorkshopFunding

        agricultural = (
            WorkshopFunding.objects.filter(
                workshop=OuterRef("pk"), source=FundingSource.AGRICULTURAL
            )
            .order_by()
            .values("workshop")
            .annotate(total=Sum("amount"))
            .values("total")
        )
        shandong = (
            WorkshopFunding.objects.filter(workshop=OuterRef("pk"), source=FundingSource.SHANDONG)
            .order_by()
            .values("workshop")
            .annotate(n=Count("pk"))
            .values("n")
        )
        money = DecimalField(max_digits=14, decimal_places=2)
        return self.annotate(
            agricultural_total=Coalesce(
                Subquery(agricultural, output_field=money), Value(Decimal(0), output_field=money)
            ),
            shandong_count=Coalesce(Subquery(shandong, output_field=IntegerField()), Value(0)),
        )

    def for_lists(self) -> WorkshopQuerySet:
        return self.select_related("village__township").with_headcount().with_funding()

    # --- filters -----------------------------------------------------------------------
    def recognised(self) -> WorkshopQuerySet:
        return self.filter(status=RecognitionStatus.RECOGNISED)

    def recognised_on(self, day: datetime.date) -> WorkshopQuerySet:
        """Recognised as of a past ``day`` by the records' own dates: 认定日期 by then and
        not delisted (摘牌日期) by then."""
        return self.filter(
            Q(recognised_on__lte=day), Q(delisted_on__isnull=True) | Q(delisted_on__gt=day)
        )

    def established_in(self, year: int, day: datetime.date | None = None) -> WorkshopQuerySet:
        built = self.filter(established_on__year=year)
        return built if day is None else built.filter(established_on__lte=day)

    def funded_by(
        self, source: str, year: int | None = None, day: datetime.date | None = None
    ) -> WorkshopQuerySet:
        from workshops.models import WorkshopFunding

        grants = WorkshopFunding.objects.filter(workshop=OuterRef("pk"), source=source)
        if year is not None:
            grants = grants.filter(date__year=year)
        if day is not None:
            grants = grants.filter(date__lte=day)
        return self.filter(Exists(grants))

    def accepting_placements(self) -> WorkshopQuerySet:
        """Workshops that may take new placements: not delisted."""
        return self.exclude(status=RecognitionStatus.DELISTED)


class PostQuerySet(ScopedQuerySet):
    township_lookup = "village__township"
    village_lookup = "village"

    def with_headcount(self) -> PostQuerySet:
        """``headcount``: positions filled now (open placements)."""
        from workshops.models import PostPlacement

        return self.annotate(headcount=_open_count(PostPlacement, "post"))

    def for_lists(self) -> PostQuerySet:
        return self.select_related("village__township").with_headcount()

    def in_period_on(self, day: datetime.date) -> PostQuerySet:
        return self.filter(Q(start_date__lte=day), Q(end_date__isnull=True) | Q(end_date__gte=day))

    def ended_before(self, day: datetime.date) -> PostQuerySet:
        return self.filter(end_date__lt=day)

    def not_started_on(self, day: datetime.date) -> PostQuerySet:
        return self.filter(start_date__gt=day)


class _PlacementQuerySet(ScopedQuerySet):
    """A placement belongs to two places when the county places a laborer of one township
    at another township's site: the site's and the laborer's. Both see it; only the
    laborer's side (their township, or the county) changes or ends it, because the job is
    part of the laborer's record, which the site's township may not open. The site's
    township sees the placement as its site's headcount: dates and a masked name
    (``with_laborer_access``), nothing of the person."""

    #: lookups from the placement to the laborer's township and village
    laborer_township_lookup = "episode__laborer__household__village__township"
    laborer_village_lookup = "episode__laborer__household__village"

    def visible_to(self, user: Any) -> _PlacementQuerySet:
        role = role_of(user)
        if role == Role.TOWNSHIP and user.township_id:
            return self.filter(
                Q(**{self.township_lookup: user.township_id})
                | Q(**{self.laborer_township_lookup: user.township_id})
            )
        if role == Role.VILLAGE and user.village_id:
            return self.filter(
                Q(**{self.village_lookup: user.village_id})
                | Q(**{self.laborer_village_lookup: user.village_id})
            )
        return super().visible_to(user)

    def editable_by(self, user: Any) -> _PlacementQuerySet:
        role = role_of(user)
        if role == Role.TOWNSHIP and user.township_id:
            return self.filter(**{self.laborer_township_lookup: user.township_id})
        return super().editable_by(user) if role == Role.COUNTY else self.none()

    def with_laborer_access(self, user: Any) -> _PlacementQuerySet:
        """``laborer_visible``: ``user`` may see the placed laborer's record (otherwise
        pages show only a masked name and the dates); ``manageable``: ``user`` may end or
        change the placement. One correlated subquery each, by the registry's own scope."""
        from laborers.models import Laborer

        def scoped(laborers):
            return Exists(laborers.filter(pk=OuterRef("episode__laborer_id")))

        return self.annotate(
            laborer_visible=scoped(Laborer.objects.visible_to(user)),
            manageable=Exists(self.model.objects.editable_by(user).filter(pk=OuterRef("pk"))),
        )

    def current(self):
        return self.filter(episode__end_date__isnull=True)

    def past(self):
        return self.filter(episode__end_date__isnull=False)


class WorkshopPlacementQuerySet(_PlacementQuerySet):
    township_lookup = "workshop__village__township"
    village_lookup = "workshop__village"


class PostPlacementQuerySet(_PlacementQuerySet):
    township_lookup = "post__village__township"
    village_lookup = "post__village"


class WorkshopPartQuerySet(ScopedQuerySet):
    """Fundings and attachments: scoped through their workshop."""

    township_lookup = "workshop__village__township"
    village_lookup = "workshop__village"
