"""The demo county has vacancies, pushes and answers in every state, all valid."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from laborers.models import Service
from vacancies.models import Answer, PushedLaborer, Vacancy

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def test_demo_vacancies_pushes_and_answers_in_every_state(county_user):
    call_command("import_villages", str(FIXTURES / "villages.csv"), stdout=io.StringIO())
    out = io.StringIO()
    call_command("seed_demo", laborers=3000, seed=7, stdout=out, stderr=io.StringIO())
    assert "岗位推送" in out.getvalue()
    assert Vacancy.objects.current().count() >= 8
    assert Vacancy.objects.exclude(pk__in=Vacancy.objects.current()).exists()  # one ended
    states = set(PushedLaborer.objects.values_list("answer", flat=True))
    assert states == set(Answer.values)
    assert PushedLaborer.objects.filter(remote_interview=True).exists()
    for recipient in PushedLaborer.objects.select_related("service", "episode"):
        recipient.full_clean()
        assert recipient.service.kind == "岗位推荐"
        assert (recipient.episode is not None) == (recipient.answer == Answer.HIRED)
    for vacancy in Vacancy.objects.all():
        vacancy.full_clean()
    assert Service.objects.filter(kind="岗位推荐", vacancy_push__isnull=False).exists()
