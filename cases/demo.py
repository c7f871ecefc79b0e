"""Demo cases in every state, so the pages show something real: helpers for every
village, cases opened weeks ago (some now overdue or escalated), some cleared on time and
some late, some verified and being helped, dismissals pending and approved, and cases the
county supervises."""

from __future__ import annotations

import datetime
import random

from django.db.models import Count

from accounts.models import User
from accounts.services import user_upsert
from cases import services
from cases.models import (
    ActionKind,
    Case,
    CaseAction,
    CaseStatus,
    DismissalReason,
    Helper,
    HelperUnit,
    VerifyResult,
)
from laborers.models import Household, Laborer, Township
from xiushan_jobs.lib import bulk
from xiushan_jobs.lib.clock import today
from xiushan_jobs.lib.roles import Role

SURNAMES = "张王李赵刘陈杨黄吴周徐孙马朱胡郭何罗高林"
GIVEN = "志强建华秀英国平海燕明军丽娟文杰春梅永红德胜玉兰"


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _phone(rng: random.Random) -> str:
    return "1" + rng.choice("3578") + "".join(rng.choice("0123456789") for _ in range(9))


def seed_cases(*, rng: random.Random, stdout) -> None:
    # (other seeders' writes, such as recruitment hires, already synced their laborers)
    if Helper.objects.exists():
        stdout.write("已有帮扶责任人：跳过演示预警处置数据的生成。")
        return
    day = today()
    _helpers(rng)
    # the warnings as they stood six weeks ago: by now many are overdue or escalated
    services.cases_sync(everything=True, day=day - datetime.timedelta(days=42), event="规则核查")
    _clear_some(rng, day)
    services.cases_sync(everything=True, day=day - datetime.timedelta(days=3), event="规则核查")
    _act_on_some(rng, day)
    counts = dict(Case.objects.order_by().values_list("status").annotate(n=Count("pk")))
    stdout.write("演示预警处置：" + "，".join(f"{k} {v}" for k, v in sorted(counts.items())))


def _helpers(rng: random.Random) -> None:
    """Three helpers per township (one of each kind); each village's households shared
    among them, a few households left without a helper."""
    county = User.objects.filter(role=Role.COUNTY).first()
    for township in Township.objects.prefetch_related("villages"):
        helpers = [
            Helper(
                township=township,
                name=_name(rng),
                phone=_phone(rng),
                unit=unit,
                employer=f"{township.name}{'人民政府' if unit != HelperUnit.INFO_OFFICER else ''}",
            )
            for unit in HelperUnit.values
        ]
        bulk.insert_with_history(Helper, helpers, reason="演示数据")
        households = list(
            Household.objects.filter(village__township=township).order_by("pk").only("pk")
        )
        for index, helper in enumerate(helpers):
            share = [h for i, h in enumerate(households) if i % 4 == index]
            services.helper_assign(helper=helper, households=share, by=county)


def _clear_some(rng: random.Random, day: datetime.date) -> None:
    """Survey a third of the laborers due, some before the deadline and some after."""
    due = list(
        Case.objects.filter(rule__key="not_updated", cleared_on__isnull=True)
        .order_by("pk")
        .values_list("laborer_id", flat=True)
    )
    chosen = [pk for pk in due if rng.random() < 0.35]
    for offset, part in ((30, chosen[::2]), (10, chosen[1::2])):
        when = day - datetime.timedelta(days=offset)
        for start in range(0, len(part), 5000):
            Laborer.objects.filter(pk__in=part[start : start + 5000]).update(last_surveyed_on=when)
        services.cases_sync(laborer_ids=part, day=when, event="调查更新")


def _act_on_some(rng: random.Random, day: datetime.date) -> None:
    # the bureau's demo login (setup_demo sets its password afterwards)
    officer, _ = user_upsert(username="county", role=Role.COUNTY, full_name="县就业人才局 张科长")
    open_cases = list(Case.objects.open().order_by("pk"))
    if not open_cases:
        return
    helping = [c for c in open_cases if rng.random() < 0.3]
    for case in helping:
        case.status = CaseStatus.HELPING
    bulk.update(Case, helping, ["status"])
    bulk.insert_with_history(
        CaseAction,
        [
            CaseAction(
                case=c,
                kind=ActionKind.VERIFY,
                result=VerifyResult.CONFIRMED,
                date=c.opened_on + datetime.timedelta(days=2),
                text="入户核实，情况属实。",
                by=officer,
            )
            for c in helping
        ],
        reason="演示数据",
    )
    rest = [c for c in open_cases if c.status == CaseStatus.TO_VERIFY]
    rng.shuffle(rest)
    for case in rest[:5]:
        services.case_supervise(case=case, text="请本周内完成核实并登记帮扶措施。", by=officer)
    for case in rest[5:10]:
        services.case_dismiss_request(
            case=case, reason=DismissalReason.MOVED_OUT, note="全家已迁往外省居住。", by=officer
        )
    for case in rest[10:14]:
        services.case_dismiss_request(
            case=case,
            reason=DismissalReason.INCAPABLE,
            note="重病，经医院证明丧失劳动能力。",
            by=officer,
        )
        services.case_dismiss_approve(case=case, by=officer)
