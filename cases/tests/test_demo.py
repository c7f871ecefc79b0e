"""The demo county has cases in every state, so the pages show something real."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from cases.models import Case, CaseStatus, HouseholdHelper
from xiushan_jobs.lib.clock import today

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def test_demo_cases_in_every_state():
    call_command("import_villages", str(FIXTURES / "villages.csv"), stdout=io.StringIO())
    out = io.StringIO()
    call_command("seed_demo", laborers=3000, seed=7, stdout=out, stderr=io.StringIO())
    assert "演示预警处置" in out.getvalue(), out.getvalue()[-2000:]
    day = today()
    statuses = set(Case.objects.values_list("status", flat=True))
    assert statuses == set(CaseStatus.values)
    assert Case.objects.overdue(day).exists() and Case.objects.escalated(day).exists()
    assert Case.objects.filter(supervised_on__isnull=False).exists()
    assert Case.objects.open().exclude(dismissal_reason="").exists()  # awaiting approval
    assert Case.objects.filter(status=CaseStatus.CLEARED, cleared_on__lte=models_due()).exists()
    assert HouseholdHelper.objects.exists()
    # in step with the rules: the command finds nothing to change
    out = io.StringIO()
    call_command("sync_cases", stdout=out)
    assert "共变更 0 条" in out.getvalue()


def models_due():
    from django.db.models import F

    return F("due_on")
