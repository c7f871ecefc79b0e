"""The back office: import and export of sites with Chinese headers, exports logged."""

import datetime

import openpyxl
import pytest
import tablib
from django.urls import reverse

from audit.models import AccessLog
from workshops.models import Post, Workshop, WorkshopFunding
from workshops.resources import PostResource, WorkshopFundingResource, WorkshopResource
from workshops.services import placement_start
from xiushan_jobs.testing import import_messages, make_funding, make_village, make_workshop

pytestmark = pytest.mark.django_db

HEADERS = [
    "乡镇（街道）",
    "村（社区）",
    "车间名称",
    "创建主体类型",
    "经营主体",
    "负责人",
    "负责人手机",
    "所属产业",
    "建成日期",
    "认定状态",
    "认定日期",
    "就业岗位（个）",
]


def xlsx_dataset(tmp_path, rows) -> tablib.Dataset:
    """A real xlsx file, as the bureau would prepare it, read the way the admin reads it."""
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    path = tmp_path / "车间.xlsx"
    book.save(path)
    return tablib.Dataset().load(path.read_bytes(), format="xlsx")


def row(township, village, name, **overrides):
    values = {
        "乡镇（街道）": township,
        "村（社区）": village,
        "车间名称": name,
        "创建主体类型": "企业",
        "经营主体": "秀山县测试服饰有限公司",
        "负责人": "王经理",
        "负责人手机": "13812345678",
        "所属产业": "服装鞋帽加工",
        "建成日期": datetime.datetime(2020, 3, 1),
        "认定状态": "已认定",
        "认定日期": datetime.datetime(2020, 4, 1),
        "就业岗位（个）": 30,
        **overrides,
    }
    return [values[h] for h in HEADERS]


def test_import_finds_the_village_in_its_township(tmp_path, village_a1, township_b):
    same_name = make_village(township_b, "凤鸣村")  # village names repeat across townships
    dataset = xlsx_dataset(
        tmp_path,
        [
            HEADERS,
            row("中和街道", "凤鸣村", "凤鸣服装扶贫车间"),
            row("隘口镇", " 凤鸣村 ", "隘口凤鸣扶贫车间", 认定状态="申报中", 认定日期=None),
        ],
    )
    result = WorkshopResource().import_data(dataset, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert Workshop.objects.get(name="凤鸣服装扶贫车间").village == village_a1
    assert Workshop.objects.get(name="隘口凤鸣扶贫车间").village == same_name
    # importing again updates by (village, name) instead of duplicating
    dataset = xlsx_dataset(
        tmp_path, [HEADERS, row("中和街道", "凤鸣村", "凤鸣服装扶贫车间", **{"就业岗位（个）": 45})]
    )
    WorkshopResource().import_data(dataset, dry_run=False)
    assert Workshop.objects.count() == 2
    assert Workshop.objects.get(name="凤鸣服装扶贫车间").jobs_offered == 45


def test_import_reports_bad_rows_and_writes_nothing(tmp_path, village_a1, laborer_a):
    existing = make_workshop(village_a1, name="凤鸣服装扶贫车间", jobs_offered=5)
    placement_start(site=existing, laborer=laborer_a, start_date=datetime.date(2020, 6, 1))
    dataset = xlsx_dataset(
        tmp_path,
        [
            HEADERS,
            row("中和街道", "不存在村", "甲车间"),
            row("中和街道", "凤鸣村", "乙车间", 认定日期=None),
            row("中和街道", "凤鸣村", "凤鸣服装扶贫车间", **{"就业岗位（个）": 0}),
        ],
    )
    result = WorkshopResource().import_data(dataset, dry_run=True, raise_errors=False)
    messages = import_messages(result)
    assert "中和街道没有名为“不存在村”的村（社区）" in messages
    assert "认定日期" in messages
    assert "目前有 1 名贫困劳动力在此就业" in messages
    assert Workshop.objects.count() == 1


def test_posts_round_trip(village_a1, county_user):
    from xiushan_jobs.testing import make_post

    make_post(village_a1, name="凤鸣保洁环卫岗")
    data = PostResource().export()
    assert data.headers[:4] == ["乡镇（街道）", "村（社区）", "岗位名称", "岗位类型"]
    assert data[0][:3] == ("中和街道", "凤鸣村", "凤鸣保洁环卫岗")
    Post.objects.all().delete()
    result = PostResource().import_data(data, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert Post.objects.get().village == village_a1


def test_fundings_round_trip_and_name_their_workshop(tmp_path, village_a1, township_b):
    """Exported fundings import again as they are (updated by ID); a new row finds its
    workshop by township and name, and a workshop that is not there is a row error."""
    workshop = make_workshop(village_a1, name="凤鸣服装扶贫车间")
    make_workshop(make_village(township_b, "凤鸣村"), name="凤鸣服装扶贫车间")  # same name
    funding = make_funding(workshop, amount=200000)
    data = WorkshopFundingResource().export()
    assert data.headers[:4] == ["ID", "乡镇（街道）", "村（社区）", "扶贫车间"]
    assert data[0][1:4] == ("中和街道", "凤鸣村", "凤鸣服装扶贫车间")
    result = WorkshopFundingResource().import_data(data, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert WorkshopFunding.objects.get().pk == funding.pk

    headers = ["乡镇（街道）", "扶贫车间", "资金来源", "金额（元）", "到位日期"]
    rows = [
        ["中和街道", "凤鸣服装扶贫车间", "财政涉农资金", 300000, datetime.datetime(2020, 5, 1)],
        ["中和街道", "没有这个车间", "财政涉农资金", 100000, datetime.datetime(2020, 5, 1)],
    ]
    result = WorkshopFundingResource().import_data(
        xlsx_dataset(tmp_path, [headers, *rows]), dry_run=True, raise_errors=False
    )
    messages = import_messages(result)
    assert "中和街道没有名为“没有这个车间”的扶贫车间" in messages
    result = WorkshopFundingResource().import_data(
        xlsx_dataset(tmp_path, [headers, rows[0]]), dry_run=False
    )
    assert not result.has_errors() and not result.has_validation_errors()
    added = WorkshopFunding.objects.exclude(pk=funding.pk).get()
    assert (added.workshop, added.amount) == (workshop, 300000)


def test_admin_export_is_logged(client, county_user, workshop_a):
    client.force_login(county_user)
    response = client.post(
        reverse("admin:workshops_workshop_export"),
        {
            "format": "0",
            "resource": "0",
            **{f"workshopresource_{f}": "on" for f in ("name", "township", "headcount")},
        },
    )
    assert response.status_code == 200
    log = AccessLog.objects.get()
    assert (log.user, log.action, log.row_count) == (county_user, "export", 1)


@pytest.mark.parametrize("size", [3, 15])
def test_changelists_query_count_is_constant(
    client, county_user, village_a1, size, django_assert_max_num_queries
):
    from xiushan_jobs.testing import make_post

    for _ in range(size):
        make_funding(make_workshop(village_a1))
        make_post(village_a1)
    client.force_login(county_user)
    # session, user, permissions; township filter choices; COUNT (twice: filtered and total;
    # posts skip the total); the rows with headcount (and funding) subqueries
    with django_assert_max_num_queries(7):
        response = client.get(reverse("admin:workshops_workshop_changelist"))
    assert len(response.context["cl"].result_list) == size
    with django_assert_max_num_queries(6):
        response = client.get(reverse("admin:workshops_post_changelist"))
    assert len(response.context["cl"].result_list) == size


def test_admin_pages_open(client, county_user, workshop_a, post_a, laborer_a):
    placement = placement_start(
        site=post_a, laborer=laborer_a, start_date=datetime.date(2020, 6, 1)
    )
    client.force_login(county_user)
    for url in [
        reverse("admin:workshops_workshop_change", args=[workshop_a.pk]),
        reverse("admin:workshops_post_change", args=[post_a.pk]),
        reverse("admin:workshops_postplacement_changelist"),
        reverse("admin:workshops_postplacement_change", args=[placement.pk]),
        reverse("admin:workshops_workshopfunding_changelist"),
        reverse("admin:workshops_workshop_import"),
    ]:
        assert client.get(url).status_code == 200, url
    assert client.get(reverse("admin:workshops_postplacement_add")).status_code == 403
