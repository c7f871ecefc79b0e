import csv
import io
from pathlib import Path

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count
from django.urls import reverse

from accounts.models import User
from laborers.models import EmploymentEpisode, Household, Laborer, Service, Village
from xiushan_jobs.lib.idnumber import parse_id_number

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def run(*args, **kwargs) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO(), **kwargs)
    return out.getvalue()


# --- import_villages -------------------------------------------------------------------


def _write_csv(path: Path, rows, encoding="utf-8"):
    with path.open("w", encoding=encoding, newline="") as f:
        csv.writer(f).writerows(rows)
    return path


def test_import_villages_csv_is_idempotent(tmp_path):
    path = _write_csv(
        tmp_path / "v.csv",
        [
            ["乡镇（街道）", "村（社区）", "县级扶贫重点村"],
            ["中和街道", "新村", "是"],
            ["隘口镇", "新田社区", "否"],
            ["", "", ""],
        ],
    )
    assert "新增 2" in run("import_villages", str(path))
    village = Village.objects.get(name="新田社区")
    assert village.township.name == "隘口镇" and village.kind == "社区"
    assert Village.objects.get(name="新村").is_key_poverty
    assert "新增 0，更新 0，未变 2" in run("import_villages", str(path))


def test_import_villages_xlsx_with_title_row_and_gbk_csv(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["秀山县村（社区）名录"])
    sheet.append(["乡镇(街道)", "村(社区)"])
    sheet.append(["梅江镇", "民族村"])
    book.save(tmp_path / "v.xlsx")
    run("import_villages", str(tmp_path / "v.xlsx"))
    _write_csv(tmp_path / "gbk.csv", [["乡镇", "村"], ["溶溪镇", "红光村"]], encoding="gbk")
    run("import_villages", str(tmp_path / "gbk.csv"))
    assert set(Village.objects.values_list("name", flat=True)) == {"民族村", "红光村"}


def test_import_villages_unknown_township_writes_nothing(tmp_path):
    path = _write_csv(
        tmp_path / "v.csv",
        [["乡镇（街道）", "村（社区）"], ["中和街道", "好村"], ["不存在镇", "坏村"]],
    )
    with pytest.raises(CommandError, match="第 3 行：没有名为“不存在镇”的乡镇"):
        run("import_villages", str(path))
    assert not Village.objects.exists()


def test_import_villages_reads_the_village_codes_household_numbers_start_with(tmp_path):
    header = ["乡镇（街道）", "村（社区）", "区划代码"]
    path = _write_csv(
        tmp_path / "v.csv",
        [header, ["中和街道", "新村", "500241001201"], ["隘口镇", "新田社区", ""]],
    )
    run("import_villages", str(path))
    assert Village.objects.get(name="新村").household_number_prefix == "500241001201"
    assert Village.objects.get(name="新田社区").household_number_prefix == "500241"
    bad = _write_csv(
        tmp_path / "bad.csv",
        [header, ["中和街道", "好村", "50024100120"], ["中和街道", "新村", "500241001201"]],
    )
    with pytest.raises(CommandError, match="第 2 行：区划代码应为 12 位数字"):
        run("import_villages", str(bad))
    assert not Village.objects.filter(name="好村").exists()


def test_import_villages_refuses_missing_header_and_missing_file(tmp_path):
    path = _write_csv(tmp_path / "v.csv", [["名称"], ["好村"]])
    with pytest.raises(CommandError, match="没有找到表头"):
        run("import_villages", str(path))
    with pytest.raises(CommandError, match="文件不存在"):
        run("import_villages", str(tmp_path / "nope.csv"))


def test_reference_villages_file_loads():
    run("import_villages", str(FIXTURES / "villages.csv"))
    per_township = Village.objects.values("township").annotate(n=Count("pk"))
    assert len(per_township) == 27
    assert all(8 <= row["n"] <= 12 for row in per_township)


# --- seed_demo ---------------------------------------------------------------------------


@pytest.fixture
def reference_villages():
    run("import_villages", str(FIXTURES / "villages.csv"))


def _fingerprint():
    return (
        list(
            Laborer.objects.order_by("id_number").values_list(
                "id_number", "name", "household__number"
            )
        ),
        EmploymentEpisode.objects.count(),
        Service.objects.count(),
    )


def _seed_and_fingerprint(seed: int):
    """Seed inside a transaction that is rolled back, so the next run starts empty."""
    with transaction.atomic():
        run("seed_demo", laborers=600, seed=seed)
        fingerprint = _fingerprint()
        transaction.set_rollback(True)
    return fingerprint


def test_seed_demo_makes_a_plausible_county(reference_villages):
    out = run("seed_demo", laborers=600, seed=7)
    assert "600 名劳动力" in out
    assert Laborer.objects.count() == 600
    for number in Laborer.objects.values_list("id_number", flat=True):
        parse_id_number(number)  # every ID is valid
    sizes = Household.objects.annotate(n=Count("members")).values_list("n", flat=True)
    assert min(sizes) >= 1 and max(sizes) <= 6
    assert Laborer.objects.employed().count() > 300
    assert Laborer.objects.filter(is_college_graduate=True).exists()
    assert Household.objects.filter(relocated=True).exists()
    # created with history (demo dismissals of warning cases then correct a few records)
    assert Laborer.history.filter(history_type="+").count() == 600
    # ~10 villages per township used
    assert Household.objects.values("village__township").distinct().count() == 27


def test_seed_demo_is_deterministic_for_a_seed(reference_villages):
    first = _seed_and_fingerprint(7)
    assert _seed_and_fingerprint(7) == first
    assert _seed_and_fingerprint(8)[0] != first[0]


def test_seed_demo_refuses_a_database_with_laborers(reference_villages):
    run("seed_demo", laborers=10)
    with pytest.raises(CommandError, match="已有 10 名劳动力"):
        run("seed_demo", laborers=10)


def test_seed_demo_needs_villages():
    with pytest.raises(CommandError, match="import_villages"):
        run("seed_demo", laborers=10)


# --- add_user / setup_demo -----------------------------------------------------------------


def test_add_user_for_each_role(village_a1):
    out = run("add_user", "c1", role="county", password="Secret-pass-1")
    assert "已创建用户 c1" in out and "Secret-pass-1" in out
    county = User.objects.get(username="c1")
    assert county.is_staff and county.check_password("Secret-pass-1")
    out = run("add_user", "t1", role="township", township="中和街道")
    assert "密码：" in out  # a generated password is printed once
    assert User.objects.get(username="t1").township.name == "中和街道"
    run("add_user", "v1", role="village", village="凤鸣村")
    v1 = User.objects.get(username="v1")
    assert (v1.village, v1.township) == (village_a1, village_a1.township)
    assert v1.has_perm("laborers.reveal_personal_data")
    run("add_user", "l1", role="leader")
    leader = User.objects.get(username="l1")
    assert not leader.is_staff and not leader.has_perm("laborers.reveal_personal_data")
    # re-running updates the role and keeps the password
    out = run("add_user", "t1", role="township", township="隘口镇")
    assert "已更新" in out and "密码" not in out
    assert User.objects.get(username="t1").township.name == "隘口镇"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"role": "township"}, "--township"),
        ({"role": "township", "township": "火星镇"}, "没有名为“火星镇”"),
        ({"role": "village", "village": "无此村"}, "没有名为“无此村”"),
        ({"role": "county", "township": "中和街道"}, "不指定"),
        ({"role": "leader", "password": "1"}, "密码不符合要求：.*太短"),
        ({"role": "leader", "password": "20202020"}, "密码不符合要求：.*只包含数字"),
        ({"role": "leader", "password": "password"}, "密码不符合要求：.*常见"),
    ],
)
def test_add_user_errors(kwargs, message, db):
    with pytest.raises(CommandError, match=message):
        run("add_user", "x", **kwargs)
    assert not User.objects.filter(username="x").exists()


def test_add_user_ambiguous_village_needs_township(village_a1, township_b):
    from xiushan_jobs.testing import make_village

    make_village(township_b, "凤鸣村")
    with pytest.raises(CommandError, match="多个"):
        run("add_user", "x", role="village", village="凤鸣村")
    run("add_user", "x", role="village", village="凤鸣村", township="隘口镇")
    assert User.objects.get(username="x").township == township_b


def test_setup_demo_is_rerunnable_and_logins_work(client):
    out = run("setup_demo", laborers=200)
    assert "演示账号" in out and "county" in out and "leader" in out
    assert Laborer.objects.count() == 200
    out = run("setup_demo", laborers=200)
    assert "跳过演示数据生成" in out
    assert Laborer.objects.count() == 200
    for username in ("county", "zhonghe", "aikou_village", "leader"):
        response = client.post(reverse("login"), {"username": username, "password": "xiushan2020"})
        assert response.status_code == 302, username
        assert client.get(reverse("home")).status_code == 302  # signed in: sent to its home
        client.logout()
