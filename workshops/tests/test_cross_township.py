"""A laborer of township B placed by the county at township A's workshop or post: A sees
the placement in its site's headcount with a masked name and the dates, nothing of the
person, and cannot end it; B (the laborer's township) and the county can. Township
officers cannot place across townships themselves. The rule is held by the services and
the placement querysets, so every page and export follows it."""

import datetime
import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from workshops.models import PostPlacement, WorkshopPlacement
from workshops.services import placement_end, placement_start

pytestmark = pytest.mark.django_db

JUNE_1 = datetime.date(2020, 6, 1)


@pytest.fixture
def across(workshop_a, post_a, laborer_b, village_b1, willing, county_user):
    """龙海 (township B) at A's workshop, placed by the county."""
    return placement_start(site=workshop_a, laborer=laborer_b, start_date=JUNE_1, by=county_user)


def test_the_county_places_across_townships(across, laborer_b, workshop_a):
    assert across.workshop == workshop_a and across.episode.laborer == laborer_b


@pytest.mark.parametrize("who", ["officer_a", "officer_b"])
def test_a_township_officer_cannot_place_across_townships(
    request, who, workshop_a, workshop_b, laborer_a, laborer_b
):
    # A's officer may not place B's laborer; B's officer may not fill A's workshop
    officer = request.getfixturevalue(who)
    with pytest.raises(ValidationError) as exc:
        placement_start(site=workshop_a, laborer=laborer_b, start_date=JUNE_1, by=officer)
    assert "县就业人才局" in str(exc.value)
    assert not WorkshopPlacement.objects.exists()


def test_the_sites_township_sees_only_a_masked_name_and_the_dates(
    client, across, officer_a, workshop_a, laborer_b
):
    client.force_login(officer_a)
    page = client.get(reverse("workshops:workshop_detail", args=[workshop_a.pk])).content.decode()
    assert "龙*" in page and "2020-06-01" in page
    assert "龙海" not in page
    assert laborer_b.id_number[-4:] not in page
    assert reverse("laborers:laborer_detail", args=[laborer_b.pk]) not in page
    assert reverse("workshops:workshop_placement_end", args=[across.pk]) not in page
    assert "由户籍地乡镇（街道）办理离岗" in page
    # the laborer's record stays closed to A: neither the page nor the list nor the
    # workshop lists of people by group lead to them
    assert client.get(reverse("laborers:laborer_detail", args=[laborer_b.pk])).status_code == 404
    listed = client.get(reverse("laborers:laborer_list"), {"q": "龙海"}).context["rows"]
    assert [row.pk for row in listed] == []
    for group in ("hard-to-employ", "in-posts", "unplaced", "local-work"):
        response = client.get(reverse("workshops:laborer_group", args=[group]))
        assert "龙海" not in response.content.decode()


def test_the_sites_township_cannot_end_it(client, across, officer_a):
    client.force_login(officer_a)
    url = reverse("workshops:workshop_placement_end", args=[across.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"end_date": "2020-06-10"}).status_code == 403
    with pytest.raises(PermissionDenied):
        placement_end(placement=across, end_date=datetime.date(2020, 6, 10), by=officer_a)
    across.episode.refresh_from_db()
    assert across.episode.end_date is None


def test_the_laborers_township_ends_it_from_the_laborers_page(
    client, across, officer_b, laborer_b, workshop_a
):
    client.force_login(officer_b)
    detail = client.get(reverse("laborers:laborer_detail", args=[laborer_b.pk])).content.decode()
    end_url = reverse("workshops:workshop_placement_end", args=[across.pk])
    assert end_url in detail
    # A's workshop page is not B's to open; the form leads back to the laborer
    assert client.get(reverse("workshops:workshop_detail", args=[workshop_a.pk])).status_code == 404
    form = client.get(end_url).content.decode()
    assert reverse("workshops:workshop_detail", args=[workshop_a.pk]) not in form
    response = client.post(end_url, {"end_date": "2020-06-10"})
    assert response.status_code == 302
    assert response.url == reverse("laborers:laborer_detail", args=[laborer_b.pk])
    across.episode.refresh_from_db()
    assert across.episode.end_date == datetime.date(2020, 6, 10)


def test_the_county_ends_it(across, county_user):
    placement_end(placement=across, end_date=datetime.date(2020, 6, 10), by=county_user)
    across.episode.refresh_from_db()
    assert across.episode.end_date == datetime.date(2020, 6, 10)


def test_the_ledger_masks_the_other_townships_laborer(
    client, across, officer_a, laborer_a, workshop_a, laborer_b
):
    placement_start(site=workshop_a, laborer=laborer_a, start_date=JUNE_1)
    client.force_login(officer_a)
    response = client.get(reverse("workshops:workshop_export"))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = [
        [c for c in row if c not in (None, "")]
        for row in book["在岗贫困劳动力"].iter_rows(min_row=4, values_only=True)
    ]
    names = {row[3] for row in rows}
    assert names == {"杨秀英", "龙*"}
    other = next(row for row in rows if "龙*" in row)
    assert laborer_b.id_number[:6] not in " ".join(map(str, other))
    assert "其他乡镇（街道）" in other


def test_the_placement_lists_follow_the_rule(across, officer_a, officer_b, leader, county_user):
    for user, visible, editable in (
        (officer_a, True, False),
        (officer_b, True, True),
        (county_user, True, True),
        (leader, True, False),
    ):
        assert WorkshopPlacement.objects.visible_to(user).filter(pk=across.pk).exists() is visible
        assert WorkshopPlacement.objects.editable_by(user).filter(pk=across.pk).exists() is editable


def test_post_placements_follow_the_same_rule(post_a, laborer_b, officer_a, officer_b, county_user):
    placement = placement_start(site=post_a, laborer=laborer_b, start_date=JUNE_1, by=county_user)
    assert not PostPlacement.objects.editable_by(officer_a).filter(pk=placement.pk).exists()
    assert PostPlacement.objects.editable_by(officer_b).filter(pk=placement.pk).exists()
    with pytest.raises(PermissionDenied):
        placement_end(placement=placement, end_date=datetime.date(2020, 6, 10), by=officer_a)
