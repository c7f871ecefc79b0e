import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from laborers import choices
from laborers.models import EmploymentEpisode, Household, Laborer
from xiushan_jobs.lib.idnumber import with_check_digit
from xiushan_jobs.testing import make_episode, make_household, make_laborer

pytestmark = pytest.mark.django_db


def test_clean_normalises_and_derives_sex_and_birth_date(village_a1):
    household = make_household(village_a1)
    number = with_check_digit("50024119900228002")  # even 17th digit: female
    laborer = Laborer(
        household=household,
        name=" 王 小 红 ",
        id_number=f" {number.lower()} ",
        phone="１３９ ０００ ０００００",
    )
    laborer.full_clean()
    assert laborer.name == "王小红"
    assert laborer.id_number == number.upper()
    assert laborer.birth_date == datetime.date(1990, 2, 28)
    assert laborer.sex == choices.Sex.FEMALE
    assert laborer.phone == "13900000000"


def test_changing_the_id_number_keeps_sex_and_birth_date_consistent(village_a1):
    laborer = make_laborer(village=village_a1, birth=datetime.date(1980, 1, 1), male=True)
    laborer.id_number = with_check_digit("50024119920707002")
    laborer.full_clean()
    assert (laborer.birth_date, laborer.sex) == (datetime.date(1992, 7, 7), choices.Sex.FEMALE)


def test_clean_reports_each_bad_field_in_chinese(village_a1):
    laborer = Laborer(
        household=make_household(village_a1), name="", id_number="500241", phone="12345"
    )
    with pytest.raises(ValidationError) as exc:
        laborer.full_clean()
    errors = exc.value.message_dict
    assert "不能为空" in errors["name"][0]
    assert "18 位" in errors["id_number"][0]
    assert "手机号码" in errors["phone"][0]


def test_id_number_is_unique(village_a1):
    first = make_laborer(village=village_a1)
    duplicate = Laborer(household=first.household, name="李四", id_number=first.id_number)
    with pytest.raises(ValidationError) as exc:
        duplicate.full_clean()
    assert "id_number" in exc.value.message_dict


def test_graduation_year_only_for_graduates(village_a1):
    laborer = make_laborer(village=village_a1, is_college_graduate=False)
    laborer.graduation_year = 2019
    laborer.full_clean()
    assert laborer.graduation_year is None


def test_one_open_episode_per_laborer(village_a1):
    laborer = make_laborer(village=village_a1)
    make_episode(laborer)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_episode(laborer, start=datetime.date(2020, 4, 1))
    make_episode(laborer, start=datetime.date(2019, 1, 1), end=datetime.date(2019, 6, 1))
    assert laborer.episodes.count() == 2


def test_episode_rules(village_a1):
    laborer = make_laborer(village=village_a1)
    outside = EmploymentEpisode(
        laborer=laborer, kind=choices.EmploymentKind.OUTSIDE, start_date=datetime.date(2020, 3, 1)
    )
    with pytest.raises(ValidationError) as exc:
        outside.full_clean()
    assert "省份" in exc.value.message_dict["province"][0]
    backwards = EmploymentEpisode(
        laborer=laborer,
        kind=choices.EmploymentKind.IN_COUNTY,
        start_date=datetime.date(2020, 3, 1),
        end_date=datetime.date(2020, 2, 1),
    )
    with pytest.raises(ValidationError) as exc:
        backwards.full_clean()
    assert "end_date" in exc.value.message_dict
    future = EmploymentEpisode(
        laborer=laborer, kind=choices.EmploymentKind.IN_COUNTY, start_date=datetime.date(2020, 7, 1)
    )  # business date 2020-06-15
    with pytest.raises(ValidationError):
        future.full_clean()


def test_lifted_household_needs_exit_year(village_a1):
    household = Household(
        village=village_a1, number="H1", poverty_status=choices.PovertyStatus.LIFTED
    )
    with pytest.raises(ValidationError) as exc:
        household.full_clean()
    assert "脱贫年度" in exc.value.message_dict["poverty_exit_year"][0]
    with pytest.raises(IntegrityError), transaction.atomic():
        household.save()


def test_current_employment_and_zero_employment_households(village_a1):
    working = make_laborer(village=village_a1)
    make_episode(working, kind=choices.EmploymentKind.WORKSHOP)
    idle = make_laborer(village=village_a1, employment_intention="县内就业")
    make_episode(idle, start=datetime.date(2019, 1, 1), end=datetime.date(2019, 12, 31))
    incapable = make_laborer(village=village_a1, labor_ability=choices.LaborAbility.LOST)
    unwilling = make_laborer(village=village_a1, employment_intention="无就业意愿")
    annotated = {row.pk: row.current_kind for row in Laborer.objects.with_current_employment()}
    assert annotated == {
        working.pk: "扶贫车间",
        idle.pk: None,
        incapable.pk: None,
        unwilling.pk: None,
    }
    assert set(Laborer.objects.employed()) == {working}
    # capable and willing, nobody employed; the capable member who wants no job is not one
    assert set(Household.objects.zero_employment()) == {idle.household}
    # on a day the 2019 job was running, the household had someone employed
    assert not Household.objects.zero_employment(datetime.date(2019, 6, 1)).exists()


def test_changes_are_recorded_in_history(village_a1, officer_a):
    laborer = make_laborer(village=village_a1, phone="13800138000")
    laborer.phone = "13900139000"
    laborer._history_user = officer_a
    laborer.save()
    newest, oldest = laborer.history.all()[:2]
    delta = newest.diff_against(oldest)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [
        ("phone", "13800138000", "13900139000")
    ]
    assert newest.history_user == officer_a
