"""The demo seeder: realistic classes and entrepreneurship records on the demo registry,
every record valid by the forms' rules, figures like the plan's, the same for a seed."""

import io
import random
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import Count, F, Q

from laborers.models import Service
from training import selectors
from training.demo import seed_training
from training.models import (
    BusinessLoan,
    Enrollment,
    GuidanceParticipant,
    GuidanceSession,
    Mentor,
    StationOccupancy,
    TrainingClass,
    WorkStation,
)

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def seed(laborers=4000, seed_value=7):
    call_command("import_villages", str(FIXTURES / "villages.csv"), stdout=io.StringIO())
    out = io.StringIO()
    call_command("seed_demo", laborers=laborers, seed=seed_value, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def demo(county_user):
    return seed()


def test_every_record_obeys_the_rules(demo):
    assert "培训班" in demo and "创业工位 80 个" in demo
    for model in (
        TrainingClass,
        Enrollment,
        Mentor,
        GuidanceSession,
        BusinessLoan,
        WorkStation,
        StationOccupancy,
    ):
        assert model.objects.exists(), model
        for obj in model.objects.all():
            obj.full_clean()  # item 57, dates, statuses, attendance, graduates only…
    # every guidance participation is also a targeted service of that laborer
    assert not GuidanceParticipant.objects.filter(service__isnull=True).exists()
    assert not GuidanceParticipant.objects.exclude(service__laborer=F("laborer")).exists()
    assert Service.objects.filter(kind="创业指导", guidance_participant__isnull=False).exists()
    # sessions: one laborer for 一对一, several for 多对一
    sessions = GuidanceSession.objects.annotate(n=Count("participants"))
    assert not sessions.filter(Q(mode="一对一", n__gt=1) | Q(mode="多对一", n__lt=2)).exists()
    assert Enrollment.objects.filter(laborer__isnull=True).exists()  # classes mix both


def test_demo_looks_like_the_plan(demo, county_user):
    assert set(TrainingClass.objects.values_list("status", flat=True)) == {
        "筹备中",
        "培训中",
        "已结业",
        "已取消",
    }
    assert set(TrainingClass.objects.values_list("format", flat=True)) >= {
        "田间课堂",
        "农民夜校",
        "扶贫专班",
        "网络课堂",
        "赴山东培训",
    }
    assert set(BusinessLoan.objects.values_list("status", flat=True)) == {
        "申请",
        "发放",
        "还清",
        "逾期",
        "未获批",
    }
    east_west = TrainingClass.objects.filter(funding_source="东西部扶贫协作资金")
    assert east_west.exists() and not east_west.exclude(non_poor_daily_subsidy=0).exists()
    assert selectors.stations_provided(user=county_user).count == 80  # target 11
    assert 200 <= selectors.shandong_skill_trainees(user=county_user).count <= 300  # 280
    assert selectors.shandong_entrepreneurship_trainees(user=county_user).count == 20  # 20
    assert 220 <= selectors.hechuan_practical_trainees(user=county_user).count <= 330  # 300
    demand = selectors.training_demand(user=county_user).count
    skilled = selectors.training_demand_skilled(user=county_user).count
    assert 0 < skilled < demand and selectors.training_gap(user=county_user).count > 0
    entrepreneurs = selectors.entrepreneurs(user=county_user).count
    assert 0 < selectors.entrepreneurs_supported(user=county_user).count < entrepreneurs


def _wipe_training() -> None:
    services = list(GuidanceParticipant.objects.values_list("service_id", flat=True))
    for model in (
        StationOccupancy,
        GuidanceParticipant,
        GuidanceSession,
        Mentor,
        WorkStation,
        BusinessLoan,
        Enrollment,
        TrainingClass,
    ):
        model.objects.all().delete()
    Service.objects.filter(pk__in=services).delete()


def _snapshot() -> tuple:
    return (
        list(Enrollment.objects.order_by("pk").values_list("laborer_id", "name", "days_attended")),
        list(BusinessLoan.objects.order_by("pk").values_list("laborer_id", "amount", "status")),
        list(GuidanceParticipant.objects.order_by("pk").values_list("laborer_id", "session__date")),
        list(StationOccupancy.objects.order_by("pk").values_list("laborer_id", "start_date")),
    )


def test_same_seed_same_demo(demo):
    runs = []
    for _ in range(2):
        _wipe_training()
        seed_training(rng=random.Random(2020), stdout=io.StringIO())
        runs.append(_snapshot())
    assert runs[0] == runs[1] and all(runs[0])
    seed_training(rng=random.Random(2020), stdout=(out := io.StringIO()))
    assert "跳过" in out.getvalue()  # never on top of existing records
