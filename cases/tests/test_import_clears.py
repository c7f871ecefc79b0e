"""A 50,000-row survey import clears the cases its rows resolve, with one sync for the
batch: the queries on the case tables grow with chunks of 10,000 subjects, not rows.

The village's sheet lists all 50,000 laborers; 10,000 of them were not surveyed this
quarter (each with an open case), the others were already, on the sheet's date. Every row
is read and checked; the 10,000 that change are written and their cases cleared (writing
all 50,000 rows costs the survey import's own time, measured in bench/bench_import.py)."""

import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import Case, CaseStatus
from cases.services import cases_sync
from laborers.imports.base import run_import
from laborers.imports.survey import SurveyImporter
from laborers.models import Household, Laborer
from xiushan_jobs.lib import bulk
from xiushan_jobs.testing import household_number, valid_id_number

pytestmark = pytest.mark.django_db

ROWS = 50_000
DUE = 10_000
PER_HOUSEHOLD = 5
SURVEY_DAY = datetime.date(2020, 6, 10)


def _registry(village):
    """``ROWS`` laborers in households of five, without labor ability (so only the survey
    rule applies); the first ``DUE`` not surveyed this quarter."""
    households = [
        Household(village=village, number=household_number(n, village))
        for n in range(ROWS // PER_HOUSEHOLD)
    ]
    bulk.insert(Household, households)
    laborers = []
    for n in range(ROWS):
        laborer = Laborer(household=households[n // PER_HOUSEHOLD], name=f"劳动力{n}")
        laborer.set_id_number(valid_id_number())
        laborer.relationship = "户主" if n % PER_HOUSEHOLD == 0 else "子女"
        laborer.labor_ability = "无劳动力"
        laborer.last_surveyed_on = None if n < DUE else SURVEY_DAY
        laborers.append(laborer)
    bulk.insert(Laborer, laborers)
    return households, laborers


def _survey_xlsx(village, households, laborers) -> bytes:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["乡镇（街道）", "村（社区）", "户编号", "姓名", "身份证号码", "调查日期"])
    township = village.township.name
    for n, laborer in enumerate(laborers):
        sheet.append(
            [
                township,
                village.name,
                households[n // PER_HOUSEHOLD].number,
                laborer.name,
                laborer.id_number,
                f"{SURVEY_DAY:%Y-%m-%d}",
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_50000_row_import_clears_cases_with_bounded_queries(village_a1, officer_a):
    households, laborers = _registry(village_a1)
    cases_sync(everything=True, event="规则核查")
    assert Case.objects.active().count() == DUE
    data = _survey_xlsx(village_a1, households, laborers)

    with CaptureQueriesContext(connection) as captured:
        report = run_import(SurveyImporter(user=officer_a), data, "survey.xlsx", commit=True)
    assert report.committed and not report.issues, report.issues[:3]
    assert (report.rows, report.updated, report.unchanged) == (ROWS, DUE, ROWS - DUE)

    cleared = Case.objects.filter(rule__key="not_updated", status=CaseStatus.CLEARED)
    assert cleared.count() == DUE
    assert set(cleared.values_list("cleared_event", flat=True)) == {"村级调查表导入"}
    assert not Case.objects.active().exists()
    on_cases = [q for q in captured.captured_queries if '"cases_' in q["sql"]]
    # one sync for the batch: per chunk of 10,000 laborers (and of households) the active
    # cases, the rules' terms, the UPDATE and its history rows; per-row syncing would be
    # tens of thousands of queries
    assert len(on_cases) <= 12, [q["sql"][:80] for q in on_cases]
    assert len(captured.captured_queries) < 200, len(captured.captured_queries)
