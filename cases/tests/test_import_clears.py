"""A 50,000-row survey import clears the cases its rows resolve, with one sync for the
batch: the queries on the case tables grow with chunks of 10,000 subjects, not rows."""

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
from xiushan_jobs.testing import valid_id_number

pytestmark = pytest.mark.django_db

ROWS = int(__import__("os").environ.get("CASES_IMPORT_ROWS", 50_000))
PER_HOUSEHOLD = 5


def _registry(village):
    """``ROWS`` laborers in households of five, none surveyed this quarter."""
    households = [
        Household(village=village, number=f"C{n:08d}") for n in range(ROWS // PER_HOUSEHOLD)
    ]
    bulk.insert(Household, households)
    laborers = []
    for n in range(ROWS):
        laborer = Laborer(household=households[n // PER_HOUSEHOLD], name=f"劳动力{n}")
        laborer.set_id_number(valid_id_number())
        laborer.relationship = "户主" if n % PER_HOUSEHOLD == 0 else "子女"
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
                "2020-06-10",
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_50000_row_import_clears_cases_with_bounded_queries(village_a1, officer_a):
    households, laborers = _registry(village_a1)
    cases_sync(everything=True, event="规则核查")
    assert Case.objects.filter(rule__key="not_updated").active().count() == ROWS
    data = _survey_xlsx(village_a1, households, laborers)

    with CaptureQueriesContext(connection) as captured:
        report = run_import(SurveyImporter(user=officer_a), data, "survey.xlsx", commit=True)
    assert report.committed and not report.issues, report.issues[:3]

    cleared = Case.objects.filter(rule__key="not_updated", status=CaseStatus.CLEARED)
    assert cleared.count() == ROWS
    assert set(cleared.values_list("cleared_event", flat=True)) == {"村级调查表导入"}
    assert not Case.objects.filter(rule__key="not_updated").active().exists()
    # zero-employment households are untouched by a survey date
    assert Case.objects.filter(rule__key="zero_employment").active().count() == len(households)
    on_cases = [q for q in captured.captured_queries if '"cases_' in q["sql"]]
    # 5 chunks of 10,000 laborers and 1 of households: active cases, the updates and their
    # history rows; a per-row sync would be 50,000+
    assert len(on_cases) <= 30, len(on_cases)
    assert len(captured.captured_queries) < 400
