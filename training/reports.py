"""Reads behind the report pages: subsidies per class and per funding source
(rectification item 57), and the demand-planning grid of training needs by trade and area
("应培尽培" gaps). A constant number of queries whatever the number of classes or
laborers."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from laborers.models import Laborer, Township, Village
from training.choices import FundingSource
from training.models import Enrollment, Trade, TrainingClass
from training.selectors import enrolled_in_year
from xiushan_jobs.lib.filters import id_param
from xiushan_jobs.lib.roles import Role
from xiushan_jobs.lib.scope import role_of

OTHER_TRADE = "other"
NO_TRADE = "none"


# --- subsidies --------------------------------------------------------------------------------


@dataclass
class SourceTotals:
    source: str
    classes: int = 0
    poor: int = 0
    poor_days: int = 0
    poor_subsidy: Decimal = Decimal(0)
    non_poor: int = 0
    non_poor_days: int = 0
    non_poor_subsidy: Decimal = Decimal(0)
    #: non-poor trainees of East-West-funded classes, owed nothing (item 57)
    unpaid_non_poor: int = 0

    @property
    def total(self) -> Decimal:
        return self.poor_subsidy + self.non_poor_subsidy


def subsidy_by_source(classes: QuerySet) -> list[SourceTotals]:
    """Trainees, days and subsidy owed per funding source over ``classes`` (two queries).
    A non-poor trainee of an East-West-funded class is counted, owed nothing."""
    poor = Q(laborer__isnull=False)
    non_poor = Q(laborer__isnull=True)
    east_west = Q(training_class__funding_source=FundingSource.EAST_WEST)
    money = DecimalField(max_digits=14, decimal_places=2)
    rows = (
        Enrollment.objects.filter(training_class__in=classes)
        .values("training_class__funding_source")
        .annotate(
            poor=Count("pk", filter=poor),
            poor_days=Coalesce(Sum("days_attended", filter=poor), 0),
            poor_subsidy=Coalesce(
                Sum(F("days_attended") * F("training_class__poor_daily_subsidy"), filter=poor),
                Decimal(0),
                output_field=money,
            ),
            non_poor=Count("pk", filter=non_poor),
            non_poor_days=Coalesce(Sum("days_attended", filter=non_poor), 0),
            non_poor_subsidy=Coalesce(
                Sum(
                    F("days_attended") * F("training_class__non_poor_daily_subsidy"),
                    filter=non_poor & ~east_west,
                ),
                Decimal(0),
                output_field=money,
            ),
            unpaid_non_poor=Count("pk", filter=non_poor & east_west),
        )
        .order_by()
    )
    out = {source: SourceTotals(source) for source in FundingSource.values}
    for row in rows:
        totals = out[row.pop("training_class__funding_source")]
        for key, value in row.items():
            setattr(totals, key, value)
    for row in classes.order_by().values("funding_source").annotate(n=Count("pk")):
        out[row["funding_source"]].classes = row["n"]
    return [t for t in out.values() if t.classes]


def grand_total(rows: list[SourceTotals]) -> SourceTotals:
    total = SourceTotals("合计")
    for row in rows:
        for name in (
            "classes",
            "poor",
            "poor_days",
            "poor_subsidy",
            "non_poor",
            "non_poor_days",
            "non_poor_subsidy",
            "unpaid_non_poor",
        ):
            setattr(total, name, getattr(total, name) + getattr(row, name))
    return total


def classes_with_subsidy(classes: QuerySet) -> QuerySet:
    return (
        classes.select_related("trade", "township", "program")
        .with_subsidy()
        .with_counts()
        .order_by("funding_source", "-start_date", "pk")
    )


# --- demand planning ------------------------------------------------------------------------


@dataclass
class DemandRow:
    key: str  # trade id, "other" or "none"; or an area id
    label: str
    wanted: int = 0
    gap: int = 0
    open_classes: int = 0

    @property
    def enrolled(self) -> int:
        return self.wanted - self.gap


@dataclass
class DemandGrid:
    trades: list[DemandRow] = field(default_factory=list)
    areas: list[DemandRow] = field(default_factory=list)
    total: DemandRow = field(default_factory=lambda: DemandRow("", "合计"))
    by_village: bool = False


def trade_key_filter(queryset: QuerySet, key: str, trades: dict[str, Trade] | None = None):
    """Laborers whose wished-for trade (``Laborer.training_trade``, free text from the
    survey) is the trade ``key`` (a Trade id), none of the listed trades (``other``), or
    not given (``none``)."""
    if key == NO_TRADE:
        return queryset.filter(training_trade="")
    names = Trade.objects.values("name")
    if key == OTHER_TRADE:
        return queryset.exclude(training_trade="").exclude(training_trade__in=names)
    if trade_id := id_param(key):
        return queryset.filter(training_trade__in=names.filter(pk=trade_id))
    return queryset.none()


def area_filter(queryset: QuerySet, *, township: str = "", village: str = "") -> QuerySet:
    if village_id := id_param(village):
        queryset = queryset.filter(household__village_id=village_id)
    if township_id := id_param(township):
        queryset = queryset.filter(household__village__township_id=township_id)
    return queryset


def demand_grid(
    user: Any, year: int, *, trade: str = "", township: str = "", village: str = ""
) -> DemandGrid:
    """Laborers with a training need (``wanted``) and those of them not enrolled in a class
    of ``year`` (``gap``), by trade and by area (townships for county-wide users, villages
    for others), each optionally narrowed by the other dimension. Four queries."""
    grid = DemandGrid(by_village=role_of(user) in (Role.TOWNSHIP, Role.VILLAGE))
    area_key = "household__village" if grid.by_village else "household__village__township"
    enrolled = enrolled_in_year(year)
    wanting = Laborer.objects.visible_to(user).filter(wants_training=True)
    by_trade = area_filter(wanting, township=township, village=village)
    by_area = trade_key_filter(wanting, trade) if trade else wanting
    counts = {"wanted": Count("pk"), "gap": Count("pk", filter=~Q(enrolled))}
    trades = list(Trade.objects.all())
    names = {t.name: t for t in trades}
    rows: dict[str, DemandRow] = {
        str(t.pk): DemandRow(str(t.pk), t.name) for t in trades if t.is_active
    }
    rows[OTHER_TRADE] = DemandRow(OTHER_TRADE, "其他工种（不在工种目录中）")
    rows[NO_TRADE] = DemandRow(NO_TRADE, "未填写意向工种")
    for row in by_trade.values("training_trade").annotate(**counts).order_by():
        text = row["training_trade"]
        key = str(names[text].pk) if text in names else (OTHER_TRADE if text else NO_TRADE)
        if key not in rows:  # a retired trade people still ask for
            rows[key] = DemandRow(key, f"{text}（已停用）")
        rows[key].wanted += row["wanted"]
        rows[key].gap += row["gap"]
    open_classes = (
        TrainingClass.objects.visible_to(user)
        .open_for_enrollment()
        .values("trade")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in open_classes:
        if str(row["trade"]) in rows:
            rows[str(row["trade"])].open_classes = row["n"]
    grid.trades = [r for r in rows.values() if r.wanted or r.open_classes]
    areas = (
        Village.objects.visible_to(user).select_related("township")
        if grid.by_village
        else Township.objects.visible_to(user)
    )
    area_rows = {a.pk: DemandRow(str(a.pk), a.name) for a in areas}
    for row in by_area.values(area_key).annotate(**counts).order_by():
        if row[area_key] in area_rows:
            area_rows[row[area_key]].wanted = row["wanted"]
            area_rows[row[area_key]].gap = row["gap"]
    grid.areas = list(area_rows.values())
    source = grid.areas if not (township or village) else grid.trades
    grid.total.wanted = sum(r.wanted for r in source)
    grid.total.gap = sum(r.gap for r in source)
    return grid
