"""The rules of placing and ending placements (workshops/services.py)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from laborers.choices import EmploymentKind, LaborAbility
from laborers.models import EmploymentEpisode
from workshops.choices import CurrentEmployment, RecognitionStatus
from workshops.models import PostPlacement, WorkshopPlacement
from workshops.services import placement_end, placement_start, site_save
from xiushan_jobs.testing import make_episode, make_laborer, make_post

pytestmark = pytest.mark.django_db

D = datetime.date
JUNE_1 = D(2020, 6, 1)


def place(site, laborer, start=JUNE_1, **kwargs):
    return placement_start(site=site, laborer=laborer, start_date=start, **kwargs)


def errors_of(excinfo) -> str:
    return " ".join(m for ms in excinfo.value.message_dict.values() for m in ms)


# --- starting ------------------------------------------------------------------------------


def test_placing_creates_the_episode_and_the_link(workshop_a, laborer_a, county_user):
    placement = place(workshop_a, laborer_a, monthly_pay=Decimal(2200), by=county_user)
    episode = EmploymentEpisode.objects.get(laborer=laborer_a)
    assert placement.episode == episode and placement.workshop == workshop_a
    assert (episode.kind, episode.employer, episode.start_date, episode.end_date) == (
        EmploymentKind.WORKSHOP,
        "凤鸣服装加工扶贫车间",
        D(2020, 6, 1),
        None,
    )
    assert episode.place == "中和街道凤鸣村" and episode.monthly_income == 2200
    assert episode.program.code == "local"  # 就近就地 (target 14)
    assert placement.created_by == county_user
    assert episode.history.count() == 1 and placement.history.count() == 1


def test_post_placement_pays_the_subsidy_by_default_and_has_no_program(post_a, laborer_a):
    placement = place(post_a, laborer_a)
    assert placement.episode.kind == EmploymentKind.WELFARE_POST
    assert placement.episode.monthly_income == Decimal(800)
    assert placement.episode.program is None


def test_post_positions_are_never_exceeded(post_a, village_a1, willing):
    first, second, third = (make_laborer(village=village_a1, **willing) for _ in range(3))
    place(post_a, first)
    place(post_a, second)
    with pytest.raises(ValidationError) as excinfo:
        place(post_a, third)
    assert "2 个岗位已满" in errors_of(excinfo)
    assert not EmploymentEpisode.objects.filter(laborer=third).exists()
    # a position freed by ending a placement can be filled again
    placement_end(
        placement=PostPlacement.objects.get(episode__laborer=first), end_date=D(2020, 6, 10)
    )
    place(post_a, third, start=D(2020, 6, 11))
    assert PostPlacement.objects.current().filter(post=post_a).count() == 2


def test_workshop_jobs_are_a_capacity_too(workshop_a, village_a1, willing):
    for _ in range(3):
        place(workshop_a, make_laborer(village=village_a1, **willing))
    with pytest.raises(ValidationError, match="3 个就业岗位已满"):
        place(workshop_a, make_laborer(village=village_a1, **willing))


def test_only_labor_capable_laborers(post_a, village_a1):
    unable = make_laborer(village=village_a1, labor_ability=LaborAbility.LOST)
    with pytest.raises(ValidationError, match="丧失劳动力"):
        place(post_a, unable)


def test_current_employment_must_be_dealt_with(post_a, laborer_a):
    outside = make_episode(laborer_a, EmploymentKind.OUTSIDE, start=D(2019, 3, 1))
    with pytest.raises(ValidationError) as excinfo:
        place(post_a, laborer_a)
    assert "当前有未结束的就业（市外务工" in errors_of(excinfo)
    assert "结束当前就业" in errors_of(excinfo)
    outside.refresh_from_db()
    assert outside.end_date is None  # nothing changed

    placement = place(post_a, laborer_a, current=CurrentEmployment.END)
    outside.refresh_from_db()
    assert outside.end_date == D(2020, 5, 31)  # the day before the placement starts
    assert placement.episode.start_date == D(2020, 6, 1)


def test_ending_the_current_job_needs_a_later_start(post_a, laborer_a):
    make_episode(laborer_a, EmploymentKind.IN_COUNTY, start=D(2020, 6, 1))
    with pytest.raises(ValidationError, match="必须晚于该日"):
        place(post_a, laborer_a, start=D(2020, 6, 1), current=CurrentEmployment.END)


def test_an_unlinked_episode_of_the_same_kind_is_linked_keeping_its_start(post_a, laborer_a):
    imported = make_episode(
        laborer_a, EmploymentKind.WELFARE_POST, start=D(2020, 3, 2), employer="村委会"
    )
    with pytest.raises(ValidationError, match="关联到本场所"):
        place(post_a, laborer_a)  # the hint offers linking
    placement = place(post_a, laborer_a, start=None, current=CurrentEmployment.LINK)
    imported.refresh_from_db()
    assert placement.episode == imported
    assert (imported.start_date, imported.employer, imported.end_date) == (
        D(2020, 3, 2),
        "凤鸣保洁环卫岗",
        None,
    )
    assert EmploymentEpisode.objects.filter(laborer=laborer_a).count() == 1


def test_linking_refuses_another_kind_or_an_already_linked_episode(
    post_a, workshop_a, laborer_a, village_a1
):
    make_episode(laborer_a, EmploymentKind.IN_COUNTY, start=D(2020, 3, 2))
    with pytest.raises(ValidationError, match="类型是“县内务工”"):
        place(post_a, laborer_a, current=CurrentEmployment.LINK)
    other_post = make_post(village_a1, name="凤鸣护路岗")
    laborer = make_laborer(village=village_a1, labor_ability=LaborAbility.WEAK)
    place(other_post, laborer)
    with pytest.raises(ValidationError, match="已关联到“凤鸣护路岗”"):
        place(post_a, laborer, current=CurrentEmployment.LINK)


def test_linking_obeys_capacity_and_the_post_period(village_a1, laborer_a, willing):
    post = make_post(village_a1, start_date=D(2020, 4, 1), positions=1)
    make_episode(laborer_a, EmploymentKind.WELFARE_POST, start=D(2020, 3, 2))
    with pytest.raises(ValidationError, match="不能早于该日"):
        place(post, laborer_a, start=None, current=CurrentEmployment.LINK)
    post.start_date = D(2020, 1, 1)
    post.save()
    place(post, make_laborer(village=village_a1, **willing))
    with pytest.raises(ValidationError, match="1 个岗位已满"):
        place(post, laborer_a, start=None, current=CurrentEmployment.LINK)


def test_a_laborer_holds_one_post_at_a_time(post_a, village_a1, laborer_a):
    other_post = make_post(village_a1, name="凤鸣社区巡查岗")
    place(other_post, laborer_a, start=D(2020, 3, 1))
    # already in a post: refused unless the officer ends it (a transfer)
    with pytest.raises(ValidationError, match="当前有未结束的就业（公益性岗位，凤鸣社区巡查岗"):
        place(post_a, laborer_a)
    # a past post placement that overlaps the new start is refused too
    placement_end(
        placement=PostPlacement.objects.get(episode__laborer=laborer_a), end_date=D(2020, 5, 20)
    )
    with pytest.raises(ValidationError) as excinfo:
        place(post_a, laborer_a, start=D(2020, 5, 10))
    assert "一人同一时间只能在一个公益性岗位" in errors_of(excinfo)
    place(post_a, laborer_a, start=D(2020, 5, 21))
    assert PostPlacement.objects.filter(episode__laborer=laborer_a).count() == 2


def test_placements_do_not_overlap_other_episodes(workshop_a, laborer_a):
    make_episode(laborer_a, EmploymentKind.OUTSIDE, start=D(2020, 1, 1), end=D(2020, 5, 31))
    with pytest.raises(ValidationError, match="时间重叠"):
        place(workshop_a, laborer_a, start=D(2020, 5, 1))
    place(workshop_a, laborer_a, start=D(2020, 6, 1))


def test_placing_twice_at_the_same_site_is_refused(workshop_a, laborer_a):
    place(workshop_a, laborer_a)
    with pytest.raises(ValidationError, match="已在“凤鸣服装加工扶贫车间”就业"):
        place(workshop_a, laborer_a, current=CurrentEmployment.END, start=D(2020, 6, 10))


@pytest.mark.parametrize(
    ("start", "message"),
    [
        (D(2020, 6, 16), "不能晚于今天"),
        (D(2019, 4, 30), "建成于 2019-05-01"),
        (None, "请填写安置开始日期"),
    ],
)
def test_workshop_start_dates_make_sense(workshop_a, laborer_a, start, message):
    with pytest.raises(ValidationError, match=message):
        place(workshop_a, laborer_a, start=start)


def test_delisted_workshops_take_no_one(workshop_a, laborer_a):
    workshop_a.status = RecognitionStatus.DELISTED
    workshop_a.delisted_on = D(2020, 5, 1)
    workshop_a.save()
    with pytest.raises(ValidationError, match="已于 2020-05-01 摘牌"):
        place(workshop_a, laborer_a)


def test_post_period_bounds_placements(village_a1, laborer_a):
    post = make_post(village_a1, start_date=D(2020, 2, 1), end_date=D(2020, 5, 31))
    with pytest.raises(ValidationError, match="不能早于该日"):
        place(post, laborer_a, start=D(2020, 1, 31))
    with pytest.raises(ValidationError, match="已于 2020-05-31 结束"):
        place(post, laborer_a, start=D(2020, 6, 1))
    placement = place(post, laborer_a, start=D(2020, 3, 1))
    with pytest.raises(ValidationError, match="不能晚于该日"):
        placement_end(placement=placement, end_date=D(2020, 6, 1))
    placement_end(placement=placement, end_date=D(2020, 5, 31))


def test_monthly_pay_must_be_sensible(workshop_a, laborer_a):
    with pytest.raises(ValidationError, match="月收入"):
        place(workshop_a, laborer_a, monthly_pay=Decimal(-1))


# --- ending --------------------------------------------------------------------------------


def test_ending_sets_the_end_date_and_notes_why(workshop_a, laborer_a, officer_a):
    placement = place(workshop_a, laborer_a)
    placement_end(placement=placement, end_date=D(2020, 6, 12), note="外出务工", by=officer_a)
    episode = EmploymentEpisode.objects.get(pk=placement.episode_id)
    assert episode.end_date == D(2020, 6, 12)
    assert episode.note == "离岗：外出务工"
    assert WorkshopPlacement.objects.current().count() == 0


@pytest.mark.parametrize(
    ("end", "message"),
    [(D(2020, 5, 31), "不能早于安置开始日期"), (D(2020, 6, 16), "不能晚于今天")],
)
def test_end_dates_make_sense(workshop_a, laborer_a, end, message):
    placement = place(workshop_a, laborer_a)
    with pytest.raises(ValidationError, match=message):
        placement_end(placement=placement, end_date=end)


def test_ending_twice_is_refused(workshop_a, laborer_a):
    placement = place(workshop_a, laborer_a)
    placement_end(placement=placement, end_date=D(2020, 6, 12))
    with pytest.raises(ValidationError, match="已于 2020-06-12 结束"):
        placement_end(placement=placement, end_date=D(2020, 6, 13))


# --- sites ---------------------------------------------------------------------------------


def test_capacity_cannot_drop_below_the_people_in_post(post_a, village_a1, willing):
    for _ in range(2):
        place(post_a, make_laborer(village=village_a1, **willing))
    post_a.positions = 1
    with pytest.raises(ValidationError, match="目前有 2 人在岗"):
        site_save(site=post_a)
    post_a.refresh_from_db()
    assert post_a.positions == 2


def test_site_dates_must_cover_recorded_placements(post_a, workshop_a, laborer_a, village_a1):
    place(post_a, laborer_a, start=D(2020, 3, 1))
    post_a.start_date = D(2020, 4, 1)
    with pytest.raises(ValidationError, match="已有安置从 2020-03-01 开始"):
        site_save(site=post_a)
    post_a.refresh_from_db()
    post_a.end_date = D(2020, 6, 1)  # people still in post
    with pytest.raises(ValidationError, match="还有 1 人在岗"):
        site_save(site=post_a)
    laborer = make_laborer(village=village_a1, labor_ability=LaborAbility.SKILLED)
    place(workshop_a, laborer, start=D(2019, 6, 1))
    workshop_a.established_on = D(2019, 7, 1)
    with pytest.raises(ValidationError, match="建成日期不能晚于该日"):
        site_save(site=workshop_a)
