"""Each rule opens a case when it fires, clears it when a write path ends the condition
(with the event that cleared it), and escalates when overdue: to the township after the
due date, to the county after the rule's further days."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from cases.models import Case, CaseRule, CaseStatus
from cases.rules import CONDITIONS
from cases.services import cases_sync
from laborers import services as laborer_services
from laborers.choices import EmploymentIntention, EmploymentKind, ServiceKind
from laborers.models import EmploymentEpisode, Laborer, Service
from training import services as training_services
from training.models import BusinessLoan, GuidanceSession
from xiushan_jobs.testing import (
    make_household,
    make_laborer,
    make_mentor,
    make_training_class,
)

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2020, 6, 15)
SURVEYED = {"last_surveyed_on": D(2020, 6, 1)}  # not due for this quarter's survey


def _job(laborer, by):
    laborer_services.episode_start(
        laborer=laborer,
        episode=EmploymentEpisode(
            kind=EmploymentKind.IN_COUNTY, employer="秀山县某公司", place="中和", start_date=TODAY
        ),
        end_current=False,
        by=by,
    )


def _services(laborer, by):
    for kind in (ServiceKind.POLICY, ServiceKind.JOB_RECOMMENDATION, ServiceKind.POLICY):
        laborer_services.service_record(
            laborer=laborer, service=Service(kind=kind, date=TODAY), by=by
        )


def _surveyed(laborer, by):
    laborer_services.laborer_mark_surveyed(laborer=laborer, by=by)


def _enrolled(laborer, by):
    training_class = make_training_class()
    training_services.enrollment_add(training_class=training_class, laborer=laborer, by=by)


def _supported(laborer, by):
    loan = BusinessLoan(
        laborer=laborer,
        bank="重庆农村商业银行秀山支行",
        amount=100000,
        project="农家乐",
        applied_on=D(2020, 3, 1),
        status="发放",
        disbursed_on=D(2020, 3, 20),
        due_on=D(2022, 3, 19),
    )
    training_services.loan_save(loan=loan, by=by)
    session = GuidanceSession(mentor=make_mentor(), date=D(2020, 6, 1), mode="一对一", topic="选址")
    training_services.session_save(session=session, laborers=[laborer], by=by)


@dataclass
class Case_:
    rule: str
    make: Callable  # (village) -> laborer that fires the rule
    resolve: Callable  # (laborer, by) -> a write through a service that ends the condition
    event: str  # words the clearing event contains


def _willing(village, **kw):
    return make_laborer(
        village=village, employment_intention=EmploymentIntention.IN_COUNTY, **SURVEYED, **kw
    )


CASES = [
    Case_("zero_employment", lambda v: _willing(v), _job, "登记就业"),
    Case_(
        "relocated_unemployed",
        lambda v: _willing(None, household=make_household(v, relocated=True)),
        _job,
        "登记就业",
    ),
    Case_(
        "graduate_idle",
        lambda v: make_laborer(
            village=v, is_college_graduate=True, graduation_year=2019, **SURVEYED
        ),
        _job,
        "登记就业",
    ),
    Case_("few_services", lambda v: _willing(v), _services, "登记服务"),
    Case_("not_updated", lambda v: make_laborer(village=v), _surveyed, "调查更新"),
    Case_("unplaced", lambda v: _willing(v), _job, "登记就业"),
    Case_(
        "training_gap",
        lambda v: make_laborer(village=v, wants_training=True, **SURVEYED),
        _enrolled,
        "报名培训",
    ),
    Case_(
        "entrepreneurs_unsupported",
        lambda v: make_laborer(village=v, wants_entrepreneurship=True, **SURVEYED),
        _supported,
        "创业指导",
    ),
]


def _make(case_, village):
    return case_.make(village)


def _active(rule, laborer):
    qs = Case.objects.filter(rule__key=rule)
    if CONDITIONS[rule].subject == "household":
        return qs.filter(household=laborer.household_id, laborer=None)
    return qs.filter(laborer=laborer)


def test_every_rule_is_covered_and_seeded():
    assert (
        {c.rule for c in CASES}
        == set(CONDITIONS)
        == set(CaseRule.objects.values_list("key", flat=True))
    )


@pytest.mark.parametrize("case_", CASES, ids=lambda c: c.rule)
def test_rule_opens_once_and_clears_through_a_service(case_, village_a1, officer_a):
    laborer = _make(case_, village_a1)
    cases_sync(laborer_ids=[laborer.pk], event="测试")
    case = _active(case_.rule, laborer).get()
    rule = case.rule
    assert case.status == CaseStatus.TO_VERIFY
    assert case.opened_on == TODAY
    assert case.due_on == TODAY + datetime.timedelta(days=rule.due_days)
    # once per rule and subject while the condition lasts
    cases_sync(laborer_ids=[laborer.pk], household_ids=[laborer.household_id], event="再次")
    assert _active(case_.rule, laborer).count() == 1

    case_.resolve(Laborer.objects.get(pk=laborer.pk), officer_a)

    case.refresh_from_db()
    assert case.status == CaseStatus.CLEARED
    assert case.cleared_on == TODAY
    assert case_.event in case.cleared_event
    assert case.history.first().history_change_reason  # the clearing is in the history


@pytest.mark.parametrize("case_", CASES, ids=lambda c: c.rule)
def test_rule_escalates_to_township_then_county(case_, village_a1, officer_a):
    laborer = _make(case_, village_a1)
    cases_sync(laborer_ids=[laborer.pk], event="测试")
    case = _active(case_.rule, laborer).get()
    rule = case.rule
    due = case.due_on
    one_day = datetime.timedelta(days=1)
    assert not Case.objects.overdue(due).filter(pk=case.pk).exists()
    assert Case.objects.overdue(due + one_day).filter(pk=case.pk).exists()
    county_day = due + datetime.timedelta(days=rule.escalate_after_days)
    assert not Case.objects.escalated(county_day - one_day).filter(pk=case.pk).exists()
    assert Case.objects.escalated(county_day).filter(pk=case.pk).exists()
    # a cleared case never escalates
    case_.resolve(Laborer.objects.get(pk=laborer.pk), officer_a)
    assert not Case.objects.escalated(county_day).filter(pk=case.pk).exists()


def test_due_days_are_data_the_county_edits(village_a1):
    CaseRule.objects.filter(key="not_updated").update(due_days=5, escalate_after_days=2)
    laborer = make_laborer(village=village_a1)
    cases_sync(laborer_ids=[laborer.pk])
    case = Case.objects.get(rule__key="not_updated", laborer=laborer)
    assert (case.due_on, case.escalate_on) == (D(2020, 6, 20), D(2020, 6, 22))
