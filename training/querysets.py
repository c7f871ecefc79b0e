"""Scoped querysets of training and entrepreneurship records.

- Training classes are organised at county level (no township: open to every township,
  whose officers bring their laborers) or by a township for itself (its own officers and
  villages see it). The county changes every class, a township officer their township's.
- Enrollments of poor laborers follow the laborer (their township or village); enrollments
  of non-poor trainees follow the class's township (a county class's non-poor trainees are
  the county's). Township officers change what they see; village officers read.
- Loans, station occupancies and guidance participants follow the laborer; a guidance
  session is visible when one of its laborers is, and a township officer changes it when all
  its laborers are theirs.
- Mentors and work stations are county-level resources: every role reads them, the county
  changes them.

Annotations are correlated subqueries, so they combine without multiplying rows.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from training.choices import ClassStatus, FundingSource, LoanStatus
from xiushan_jobs.lib.roles import Role
from xiushan_jobs.lib.scope import CountyOrTownshipQuerySet, ScopedQuerySet, role_of

MONEY = DecimalField(max_digits=14, decimal_places=2)
LABORER_TOWNSHIP = "laborer__household__village__township"
LABORER_VILLAGE = "laborer__household__village"


def _count(queryset, field: str) -> Coalesce:
    counted = queryset.order_by().values(field).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


class TradeQuerySet(ScopedQuerySet):
    """The list of trades is county-wide reference data."""

    def active(self) -> TradeQuerySet:
        return self.filter(is_active=True)


class TrainingClassQuerySet(CountyOrTownshipQuerySet):
    """County classes (no township) are open to every township and village; a township's
    classes to that township. The county changes all, a township officer their own."""

    # --- filters -----------------------------------------------------------------------
    def not_cancelled(self) -> TrainingClassQuerySet:
        return self.exclude(status=ClassStatus.CANCELLED)

    def in_year(self, year: int) -> TrainingClassQuerySet:
        """Classes running at some time in ``year`` (start on or before its last day, end
        on or after its first)."""
        return self.filter(
            start_date__lte=datetime.date(year, 12, 31), end_date__gte=datetime.date(year, 1, 1)
        )

    def open_for_enrollment(self) -> TrainingClassQuerySet:
        return self.filter(status__in=[ClassStatus.PLANNED, ClassStatus.RUNNING])

    # --- annotations -------------------------------------------------------------------
    def with_counts(self) -> TrainingClassQuerySet:
        """``poor_count``, ``non_poor_count``, ``completed_count``, ``skilled_count``."""
        from training.models import Enrollment

        mine = Enrollment.objects.filter(training_class=OuterRef("pk"))
        return self.annotate(
            poor_count=_count(mine.filter(laborer__isnull=False), "training_class"),
            non_poor_count=_count(mine.filter(laborer__isnull=True), "training_class"),
            completed_count=_count(mine.filter(completed=True), "training_class"),
            skilled_count=_count(mine.exclude(skill=""), "training_class"),
        )

    def with_subsidy(self) -> TrainingClassQuerySet:
        """Days attended and subsidy owed per category (元), from the class's daily rates:
        ``poor_days``, ``non_poor_days``, ``poor_subsidy``, ``non_poor_subsidy``,
        ``subsidy_total``. A non-poor trainee of a class paid from East-West cooperation
        funds is owed nothing (rectification item 57), whatever the rate says."""
        from training.models import Enrollment

        def days(**filters) -> Coalesce:
            summed = (
                Enrollment.objects.filter(training_class=OuterRef("pk"), **filters)
                .order_by()
                .values("training_class")
                .annotate(n=Sum("days_attended"))
                .values("n")
            )
            return Coalesce(Subquery(summed, output_field=IntegerField()), Value(0))

        zero = Value(Decimal(0), output_field=MONEY)
        return (
            self.annotate(
                poor_days=days(laborer__isnull=False),
                non_poor_days=days(laborer__isnull=True),
            )
            .annotate(
                poor_subsidy=ExpressionWrapper(F("poor_days") * F("poor_daily_subsidy"), MONEY),
                non_poor_subsidy=Case(
                    When(funding_source=FundingSource.EAST_WEST, then=zero),
                    default=ExpressionWrapper(
                        F("non_poor_days") * F("non_poor_daily_subsidy"), MONEY
                    ),
                    output_field=MONEY,
                ),
            )
            .annotate(
                subsidy_total=ExpressionWrapper(F("poor_subsidy") + F("non_poor_subsidy"), MONEY)
            )
        )

    def for_lists(self) -> TrainingClassQuerySet:
        return self.select_related("trade", "township", "program").with_counts()


class EnrollmentQuerySet(ScopedQuerySet):
    township_lookup = LABORER_TOWNSHIP
    village_lookup = LABORER_VILLAGE

    def visible_to(self, user: Any) -> EnrollmentQuerySet:
        """Poor laborers' enrollments through the laborer; non-poor trainees through the
        class's township (village officers see only their village's laborers)."""
        if role_of(user) == Role.TOWNSHIP and user.township_id:
            return self.filter(
                Q(**{LABORER_TOWNSHIP: user.township_id})
                | Q(laborer__isnull=True, training_class__township=user.township_id)
            )
        return super().visible_to(user)

    def editable_by(self, user: Any) -> EnrollmentQuerySet:
        role = role_of(user)
        if role == Role.COUNTY:
            return self.all()
        if role == Role.TOWNSHIP:
            return self.visible_to(user)
        return self.none()

    def poor(self) -> EnrollmentQuerySet:
        return self.filter(laborer__isnull=False)

    def non_poor(self) -> EnrollmentQuerySet:
        return self.filter(laborer__isnull=True)

    def in_live_classes(self) -> EnrollmentQuerySet:
        return self.exclude(training_class__status=ClassStatus.CANCELLED)

    def with_trainee_township(self) -> EnrollmentQuerySet:
        """``trainee_township_id``: the laborer's township, or for a non-poor trainee the
        class's (``None`` for a county class): the lookup the dashboard breaks down by."""
        return self.annotate(
            trainee_township_id=Coalesce(
                F(f"{LABORER_TOWNSHIP}__id"), F("training_class__township")
            )
        )


class _ThroughLaborer(ScopedQuerySet):
    """Records of one laborer: scoped through the laborer; the county and township officers
    change them, village officers read."""

    township_lookup = LABORER_TOWNSHIP
    village_lookup = LABORER_VILLAGE


class BusinessLoanQuerySet(_ThroughLaborer):
    def offered(self) -> BusinessLoanQuerySet:
        return self.filter(status__in=LoanStatus.offered())

    def active_in(self, year: int) -> BusinessLoanQuerySet:
        """Offered loans that were open at some time in ``year``: applied by its end, and
        not repaid before it began."""
        return self.offered().filter(
            Q(applied_on__lte=datetime.date(year, 12, 31)),
            Q(repaid_on__isnull=True) | Q(repaid_on__gte=datetime.date(year, 1, 1)),
        )

    def past_due(self, day: datetime.date) -> BusinessLoanQuerySet:
        """Paid out, not repaid, due date passed (whether or not marked 逾期 yet)."""
        return self.filter(status__in=[LoanStatus.DISBURSED, LoanStatus.OVERDUE], due_on__lt=day)


class StationOccupancyQuerySet(_ThroughLaborer):
    def current_on(self, day: datetime.date) -> StationOccupancyQuerySet:
        return self.filter(Q(start_date__lte=day), Q(end_date__isnull=True) | Q(end_date__gte=day))


class GuidanceParticipantQuerySet(_ThroughLaborer):
    pass


class GuidanceSessionQuerySet(ScopedQuerySet):
    township_lookup = "participants__laborer__household__village__township"
    village_lookup = "participants__laborer__household__village"

    def visible_to(self, user: Any) -> GuidanceSessionQuerySet:
        """Sessions with at least one laborer the user sees (one EXISTS, no duplicates)."""
        from training.models import GuidanceParticipant

        role = role_of(user)
        if role in (Role.COUNTY, Role.LEADER):
            return self.all()
        seen = GuidanceParticipant.objects.visible_to(user).filter(session=OuterRef("pk"))
        return self.filter(Exists(seen)) if role else self.none()

    def editable_by(self, user: Any) -> GuidanceSessionQuerySet:
        """The county changes every session; a township officer a session all of whose
        laborers are of their township."""
        from training.models import GuidanceParticipant

        role = role_of(user)
        if role == Role.COUNTY:
            return self.all()
        if role == Role.TOWNSHIP and user.township_id:
            foreign = GuidanceParticipant.objects.filter(session=OuterRef("pk")).exclude(
                **{LABORER_TOWNSHIP: user.township_id}
            )
            return self.visible_to(user).exclude(Exists(foreign))
        return self.none()

    def with_participant_count(self) -> GuidanceSessionQuerySet:
        from training.models import GuidanceParticipant

        return self.annotate(
            participant_count=_count(
                GuidanceParticipant.objects.filter(session=OuterRef("pk")), "session"
            )
        )


class CountyResourceQuerySet(ScopedQuerySet):
    """Mentors and work stations: readable by every role, changed by the county."""


class WorkStationQuerySet(CountyResourceQuerySet):
    def in_service_on(self, day: datetime.date) -> WorkStationQuerySet:
        return self.filter(is_active=True, opened_on__lte=day)

    def with_occupant(self, day: datetime.date) -> WorkStationQuerySet:
        """``occupancy_id``: the occupancy running on ``day``, if any."""
        from training.models import StationOccupancy

        current = StationOccupancy.objects.filter(station=OuterRef("pk")).current_on(day)
        return self.annotate(occupancy_id=Subquery(current.values("pk")[:1]))
