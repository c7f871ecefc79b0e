"""Keeping cases in step: idempotent, bounded queries, owners, dismissal, the command."""

import datetime
import io

import pytest
from django.core.management import call_command

from cases import services
from cases.models import Case, CaseStatus, DismissalReason, Helper, HelperUnit, VerifyResult
from laborers.choices import EmploymentIntention, LaborAbility
from laborers.models import Laborer
from xiushan_jobs.lib.roles import Role
from xiushan_jobs.testing import make_household, make_laborer, make_user

pytestmark = pytest.mark.django_db

D = datetime.date


def _due(village, n):
    """``n`` laborers not surveyed this quarter (one rule fires for each)."""
    return [make_laborer(village=village) for _ in range(n)]


def test_sync_is_idempotent_and_the_command_reports_changes(village_a1):
    laborers = _due(village_a1, 3)
    out = io.StringIO()
    call_command("sync_cases", stdout=out)
    assert "not_updated: 新开 3，解除 0" in out.getvalue()
    assert Case.objects.filter(rule__key="not_updated").count() == 3
    out = io.StringIO()
    call_command("sync_cases", stdout=out)
    assert "共变更 0 条" in out.getvalue()
    # a data repair straight in the database: the command catches up
    Laborer.objects.filter(pk=laborers[0].pk).update(last_surveyed_on=D(2020, 6, 1))
    out = io.StringIO()
    call_command("sync_cases", stdout=out)
    assert "not_updated: 新开 0，解除 1" in out.getvalue()
    case = Case.objects.get(laborer=laborers[0])
    assert (case.status, case.cleared_event) == (CaseStatus.CLEARED, "按规则核对（sync_cases）")


@pytest.mark.parametrize("size", [5, 60])
def test_sync_queries_do_not_grow_with_the_rows(village_a1, size, django_assert_max_num_queries):
    laborers = _due(village_a1, size)
    ids = [laborer.pk for laborer in laborers]
    # the rules' terms; laborers' households and households' members; per subject kind
    # the active cases and one query per rule (7 + 1); the new cases' households with
    # their helpers and the village officers; key reservation, insert and history rows
    # for cases; savepoints. The same at 5 and at 60 subjects.
    with django_assert_max_num_queries(24):
        result = services.cases_sync(laborer_ids=ids, event="测试")
    assert result.opened["not_updated"] == size
    Laborer.objects.filter(pk__in=ids).update(last_surveyed_on=D(2020, 6, 1))
    with django_assert_max_num_queries(24):
        result = services.cases_sync(laborer_ids=ids, event="测试")
    assert result.cleared["not_updated"] == size


def test_owner_is_the_helper_then_the_village_officer_then_the_township(
    village_a1, village_a2, officer_a, county_user
):
    with_helper, with_officer, with_nobody = (
        make_household(village_a1),
        make_household(village_a1),
        make_household(village_a2),
    )
    helper_user = make_user("helper_user", Role.VILLAGE, village=village_a1)
    village_officer = make_user("info_officer", Role.VILLAGE, village=village_a1)
    helper = Helper.objects.create(
        township=village_a1.township, name="刘志强", unit=HelperUnit.WORK_TEAM, user=helper_user
    )
    services.helper_assign(helper=helper, households=[with_helper], by=county_user)
    laborers = [make_laborer(h) for h in (with_helper, with_officer, with_nobody)]
    services.cases_sync(laborer_ids=[p.pk for p in laborers])
    owners = {
        c.laborer_id: (c.helper_id, c.owner_id)
        for c in Case.objects.filter(rule__key="not_updated")
    }
    assert owners[laborers[0].pk] == (helper.pk, helper_user.pk)
    assert owners[laborers[1].pk] == (None, min(helper_user.pk, village_officer.pk))
    assert owners[laborers[2].pk] == (None, None)  # the township's


def test_a_changed_household_rechecks_its_members(village_a1, officer_a):
    household = make_household(village_a1)
    laborer = make_laborer(
        household,
        employment_intention=EmploymentIntention.IN_COUNTY,
        last_surveyed_on=D(2020, 6, 1),
    )
    services.cases_sync(laborer_ids=[laborer.pk])
    assert not Case.objects.filter(rule__key="relocated_unemployed").exists()
    household.relocated = True
    from laborers.services import record_save_checked

    household = record_save_checked(
        instance=household, expected_version=household.version, seen_history=None, by=officer_a
    )
    case = Case.objects.get(rule__key="relocated_unemployed")
    assert case.laborer == laborer and "修改" in case.opened_event


def test_dismissal_needs_the_township_and_corrects_the_record(
    village_a1, village_officer, officer_a
):
    laborer = make_laborer(
        village=village_a1,
        employment_intention=EmploymentIntention.IN_COUNTY,
        last_surveyed_on=D(2020, 6, 1),
    )
    services.cases_sync(laborer_ids=[laborer.pk])
    case = Case.objects.get(rule__key="unplaced", laborer=laborer)
    services.case_verify(
        case=case, result=VerifyResult.CONFIRMED, text="入户核实", by=village_officer
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.HELPING
    services.case_dismiss_request(
        case=case, reason=DismissalReason.INCAPABLE, note="重病", by=village_officer
    )
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.case_dismiss_approve(case=case, by=village_officer)
    services.case_dismiss_approve(case=case, by=officer_a)
    case.refresh_from_db()
    laborer.refresh_from_db()
    assert case.status == CaseStatus.DISMISSED
    assert laborer.labor_ability == LaborAbility.LOST
    # the corrected record ends the condition: the case is no longer active
    assert case.cleared_on == D(2020, 6, 15)
    assert laborer.history.first().history_user == officer_a


def test_a_dismissed_case_blocks_a_new_one_while_the_condition_holds(village_a1, officer_a):
    laborer = make_laborer(village=village_a1)
    services.cases_sync(laborer_ids=[laborer.pk])
    case = Case.objects.get(rule__key="not_updated", laborer=laborer)
    services.case_dismiss_request(
        case=case, reason=DismissalReason.OTHER, note="长期外出联系不上", by=officer_a
    )
    services.case_dismiss_approve(case=case, by=officer_a)
    services.cases_sync(everything=True)
    assert Case.objects.filter(rule__key="not_updated", laborer=laborer).count() == 1


def test_a_case_cannot_be_acted_on_once_closed(village_a1, officer_a):
    from django.core.exceptions import ValidationError

    laborer = make_laborer(village=village_a1)
    services.cases_sync(laborer_ids=[laborer.pk])
    case = Case.objects.get(rule__key="not_updated", laborer=laborer)
    from laborers.services import laborer_mark_surveyed

    laborer_mark_surveyed(laborer=laborer, by=officer_a)
    with pytest.raises(ValidationError):
        services.case_note(case=case, text="补记", by=officer_a)


def test_a_deletion_in_the_admin_reopens_the_case(client, village_a1, county_user):
    from django.urls import reverse

    from xiushan_jobs.testing import make_episode

    laborer = make_laborer(
        village=village_a1,
        employment_intention=EmploymentIntention.IN_COUNTY,
        last_surveyed_on=D(2020, 6, 1),
    )
    episode = make_episode(laborer)
    services.cases_sync(laborer_ids=[laborer.pk])
    assert not Case.objects.filter(rule__key="unplaced").exists()
    client.force_login(county_user)
    url = reverse("admin:laborers_employmentepisode_delete", args=[episode.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    case = Case.objects.get(rule__key="unplaced", laborer=laborer)
    assert case.opened_event == "后台删除就业经历"


def test_the_morning_check_is_a_periodic_task(village_a1):
    """Rules that depend on the date change without any write: the morning task runs the
    same check as ``sync_cases``."""
    from xiushan_jobs.testing import run_tasks

    _due(village_a1, 2)
    out = io.StringIO()
    call_command("enqueue_periodic", "morning", stdout=out)
    assert "sync_cases_daily" in out.getvalue()
    assert not Case.objects.exists()
    assert run_tasks() == 1
    assert Case.objects.filter(rule__key="not_updated").count() == 2
