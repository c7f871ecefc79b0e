"""A placement's rules hold wherever its episode is written: backdated placements, the
laborer's own page (correct, end, start a new job) and the workshop's own status."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from laborers.choices import EmploymentKind
from laborers.models import EmploymentEpisode
from workshops.choices import RecognitionStatus
from workshops.models import PostPlacement
from workshops.services import placement_end, placement_start, site_save
from xiushan_jobs.testing import make_episode, make_laborer, make_post

pytestmark = pytest.mark.django_db

D = datetime.date


def place(site, laborer, start):
    return placement_start(site=site, laborer=laborer, start_date=start)


def edit_data(client, episode, **changes):
    form = client.get(reverse("laborers:episode_edit", args=[episode.pk])).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(changes)
    return data


@pytest.fixture
def one_position(village_a1):
    return make_post(village_a1, name="凤鸣护路岗", positions=1)


def test_a_backdated_placement_cannot_overfill_a_post(one_position, village_a1, willing):
    """A held the only position from January to April; B backdated to March would make two
    people in one position for two months."""
    a, b, c = (make_laborer(village=village_a1, **willing) for _ in range(3))
    placement_end(placement=place(one_position, a, D(2020, 1, 1)), end_date=D(2020, 4, 30))
    with pytest.raises(ValidationError, match="1 个岗位已满"):
        place(one_position, b, D(2020, 3, 1))
    assert not EmploymentEpisode.objects.filter(laborer=b).exists()
    # the day after A's last day the position is free
    place(one_position, c, D(2020, 5, 1))
    assert PostPlacement.objects.filter(post=one_position).count() == 2


def test_a_backdated_placement_names_the_day_the_site_fills(one_position, village_a1, willing):
    a, b = (make_laborer(village=village_a1, **willing) for _ in range(2))
    place(one_position, a, D(2020, 5, 1))
    with pytest.raises(ValidationError, match="2020-05-01 起在岗 1 人"):
        place(one_position, b, D(2020, 3, 1))


def test_the_laborers_page_cannot_reopen_a_placement_into_a_full_post(
    client, officer_a, one_position, village_a1, willing
):
    a, b = (make_laborer(village=village_a1, **willing) for _ in range(2))
    ended = place(one_position, a, D(2020, 1, 1))
    placement_end(placement=ended, end_date=D(2020, 4, 30))
    place(one_position, b, D(2020, 5, 1))
    client.force_login(officer_a)
    episode = ended.episode
    response = client.post(
        reverse("laborers:episode_edit", args=[episode.pk]),
        edit_data(client, episode, end_date=""),
    )
    assert response.status_code == 200
    assert "1 个岗位已满" in response.content.decode()
    episode.refresh_from_db()
    assert episode.end_date == D(2020, 4, 30)
    assert PostPlacement.objects.current().filter(post=one_position).count() == 1


def test_the_laborers_page_keeps_a_placements_kind_and_window(
    client, officer_a, one_position, laborer_a
):
    episode = place(one_position, laborer_a, D(2020, 3, 1)).episode
    client.force_login(officer_a)
    url = reverse("laborers:episode_edit", args=[episode.pk])
    response = client.post(url, edit_data(client, episode, kind=EmploymentKind.IN_COUNTY))
    assert "类型只能是“公益性岗位”" in str(response.context["form"].errors["kind"])
    response = client.post(url, edit_data(client, episode, start_date="2019-01-01"))
    assert "岗位期限从 2020-01-01 开始" in str(response.context["form"].errors["start_date"])
    episode.refresh_from_db()
    assert (episode.kind, episode.start_date) == (EmploymentKind.WELFARE_POST, D(2020, 3, 1))
    # a correction inside the rules is saved
    response = client.post(url, edit_data(client, episode, start_date="2020-02-01"))
    assert response.status_code == 302
    episode.refresh_from_db()
    assert episode.start_date == D(2020, 2, 1)


def test_ending_from_the_laborers_page_keeps_to_the_post_period(
    client, officer_a, village_a1, laborer_a
):
    post = make_post(village_a1, positions=1, end_date=D(2020, 6, 30))
    episode = place(post, laborer_a, D(2020, 3, 1)).episode
    post.end_date = D(2020, 6, 10)  # shortened later (the form refuses it with people in post)
    post.save()
    client.force_login(officer_a)
    url = reverse("laborers:episode_end", args=[episode.pk])
    response = client.post(url, {"end_date": "2020-06-12"})
    assert "离岗日期不能晚于该日" in response.content.decode()
    assert client.post(url, {"end_date": "2020-06-10"}).status_code == 302


def test_a_new_job_ends_the_post_the_day_before(client, officer_a, one_position, laborer_a):
    """Two public-welfare posts never share a day, whichever page records the change."""
    placed = place(one_position, laborer_a, D(2020, 3, 1)).episode
    client.force_login(officer_a)
    response = client.post(
        reverse("laborers:episode_new", args=[laborer_a.pk]),
        {
            "kind": EmploymentKind.WELFARE_POST,
            "employer": "村委会",
            "start_date": "2020-05-02",
            "end_current": "on",
        },
    )
    assert response.status_code == 302
    placed.refresh_from_db()
    assert placed.end_date == D(2020, 5, 1)


def test_a_new_job_may_not_overlap_a_past_one(client, officer_a, laborer_a):
    make_episode(
        laborer_a,
        kind=EmploymentKind.IN_COUNTY,
        start=D(2020, 2, 1),
        end=D(2020, 4, 30),
    )
    client.force_login(officer_a)
    url = reverse("laborers:episode_new", args=[laborer_a.pk])
    response = client.post(
        url, {"kind": EmploymentKind.IN_COUNTY, "employer": "某公司", "start_date": "2020-04-01"}
    )
    assert response.status_code == 200
    assert "时间重叠" in response.content.decode()
    assert laborer_a.episodes.count() == 1
    response = client.post(
        url, {"kind": EmploymentKind.IN_COUNTY, "employer": "某公司", "start_date": "2020-05-01"}
    )
    assert response.status_code == 302 and laborer_a.episodes.count() == 2


def test_a_workshop_is_not_delisted_while_people_work_there(workshop_a, laborer_a):
    placement = place(workshop_a, laborer_a, D(2020, 3, 1))
    workshop_a.status = RecognitionStatus.DELISTED
    workshop_a.delisted_on = D(2020, 6, 5)
    with pytest.raises(ValidationError) as excinfo:
        site_save(site=workshop_a)
    assert "请先为他们办理离岗，再摘牌" in str(excinfo.value.message_dict["status"])
    placement_end(placement=placement, end_date=D(2020, 6, 10))
    with pytest.raises(ValidationError) as excinfo:
        site_save(site=workshop_a)  # delisted before the last day anyone worked there
    assert "摘牌日期不能早于该日" in str(excinfo.value.message_dict["delisted_on"])
    workshop_a.delisted_on = D(2020, 6, 12)
    site_save(site=workshop_a)
