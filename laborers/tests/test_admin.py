import pytest
from django.urls import reverse

from audit.models import AccessLog
from laborers.models import Laborer
from xiushan_jobs.testing import make_episode, make_laborer

pytestmark = pytest.mark.django_db

_FULLWIDTH = str.maketrans("0123456789X", "０１２３４５６７８９ｘ")


def test_only_county_staff_reach_the_admin(client, county_user, officer_a, leader):
    officer_a.is_staff = True  # even if somebody ticks the box by mistake
    officer_a.save()
    for user in (officer_a, leader):
        client.force_login(user)
        response = client.get(reverse("admin:index"))
        assert response.status_code == 302 and "/admin/login/" in response.url
    client.force_login(county_user)
    assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.parametrize("size", [5, 40])
def test_laborer_changelist_query_count_is_constant(
    client, county_user, village_a1, size, django_assert_max_num_queries
):
    for i in range(size):
        laborer = make_laborer(village=village_a1)
        if i % 2:
            make_episode(laborer)
    client.force_login(county_user)
    # session, user, permissions (county: all), page rows with current employment,
    # township filter choices, plus admin's own bookkeeping
    with django_assert_max_num_queries(9):
        response = client.get(reverse("admin:laborers_laborer_changelist"))
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == size


def test_changelist_masks_and_searches_by_full_id_number(client, county_user, village_a1):
    wanted = make_laborer(village=village_a1, name="查找对象")
    make_laborer(village=village_a1, name="其他人")
    client.force_login(county_user)
    response = client.get(
        reverse("admin:laborers_laborer_changelist"), {"q": wanted.id_number.lower()}
    )
    assert [obj.pk for obj in response.context["cl"].result_list] == [wanted.pk]
    number = wanted.id_number
    for typed in (f"{number[:6]} {number[6:14]} {number[14:]}", number.translate(_FULLWIDTH)):
        found = client.get(reverse("admin:laborers_laborer_changelist"), {"q": typed})
        assert [obj.pk for obj in found.context["cl"].result_list] == [wanted.pk], typed
    page = response.content.decode()
    assert wanted.id_number not in page.replace(wanted.id_number.lower(), "")
    assert wanted.id_number[:6] + "********" + wanted.id_number[-4:] in page


def test_admin_export_is_logged(client, county_user, village_a1):
    make_laborer(village=village_a1)
    client.force_login(county_user)
    response = client.post(
        reverse("admin:laborers_laborer_export"),
        {
            "format": "0",
            "resource": "0",
            **{f"laborerresource_{f}": "on" for f in ("name", "id_number")},
        },
    )
    assert response.status_code == 200
    log = AccessLog.objects.get()
    assert (log.user, log.action, log.row_count) == (county_user, "export", 1)
    assert log.fields == "姓名、身份证号码"  # the columns the file held
    assert Laborer.objects.count() == 1


def test_opening_a_laborer_in_the_admin_is_logged(client, county_user, village_a1):
    """The change form shows the full ID number and phone (they are edited there): like a
    reveal on the workspace pages, each opening is in the access log."""
    laborer = make_laborer(village=village_a1, phone="13812345678")
    client.force_login(county_user)
    response = client.get(reverse("admin:laborers_laborer_change", args=[laborer.pk]))
    assert response.status_code == 200 and laborer.id_number in response.content.decode()
    log = AccessLog.objects.get()
    assert (log.user, log.action, log.object_id, log.fields) == (
        county_user,
        "reveal",
        laborer.pk,
        "身份证号码、联系电话",
    )
    version = laborer.history.get().history_id
    url = reverse("admin:laborers_laborer_simple_history", args=[laborer.pk, version])
    assert client.get(url).status_code == 200
    assert AccessLog.objects.filter(action="reveal", object_id=laborer.pk).count() == 2
    # a missing record reveals nothing
    client.get(reverse("admin:laborers_laborer_change", args=[laborer.pk + 1000]))
    assert AccessLog.objects.count() == 2


def test_admin_import_runs_model_validation(county_user, village_a1):
    """django-import-export reads clean_model_instances from Meta only: a bad ID number in
    an admin import must be an error, not a row written."""
    import tablib

    from laborers.resources import LaborerResource
    from xiushan_jobs.testing import make_household

    household = make_household(village_a1)
    data = tablib.Dataset(headers=["户编号", "姓名", "身份证号码"])
    data.append([household.number, "错号", "500241198506150010"])  # wrong check digit
    result = LaborerResource().import_data(data, dry_run=False)
    assert result.has_validation_errors()
    assert "校验位" in str(result.invalid_rows[0].error_dict)
    assert not Laborer.objects.filter(name="错号").exists()


def test_township_filter_works_for_every_scoped_model(client, county_user, village_a1, village_b1):
    from xiushan_jobs.testing import make_workshop

    make_laborer(village=village_a1, name="中和人")
    make_laborer(village=village_b1, name="隘口人")
    make_workshop(village_a1, name="中和车间")
    make_workshop(village_b1, name="隘口车间")
    client.force_login(county_user)
    township = village_b1.township_id
    laborers = client.get(reverse("admin:laborers_laborer_changelist"), {"township": township})
    assert [o.name for o in laborers.context["cl"].result_list] == ["隘口人"]
    workshops = client.get(reverse("admin:workshops_workshop_changelist"), {"township": township})
    assert [o.name for o in workshops.context["cl"].result_list] == ["隘口车间"]
