"""`manage.py import_survey`: the same pipeline from the command line."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from laborers.models import ImportBatch, Laborer
from laborers.tests.survey_files import row, write, xlsx_bytes
from xiushan_jobs.testing import valid_id_number

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def run_json(*args):
    out = io.StringIO()
    call_command("import_survey", *args, "--json", stdout=out, stderr=io.StringIO())
    return json.loads(out.getvalue())


def test_dry_run_then_commit_json(tmp_path, officer_a, village_a1, village_b1):
    path = write(
        tmp_path / "survey.xlsx",
        xlsx_bytes(
            [
                row(id_number=valid_id_number()),
                row(id_number=valid_id_number(), household="H2", phone="12"),
                row(
                    id_number=valid_id_number(), township="隘口镇", village="坝芒村", household="B1"
                ),
                ["合计"],
            ],
            title="调查表",
        ),
    )
    result = run_json(str(path), "--user", "officer_a")
    assert result == {
        "file": "survey.xlsx",
        "rows": 3,
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "skipped": 1,
        "errors": [
            {
                "row": 4,
                "column": "联系电话",
                "message": "手机号码“12”格式不正确：应为 11 位数字并以 13–19 开头。",
            },
            {
                "row": 5,
                "column": "乡镇（街道）",
                "message": "本行属于隘口镇 坝芒村，不在您的管辖范围（中和街道）内，不能导入："
                "请删除本行，或交由所属乡镇（村）导入。",
            },
        ],
        "refused": None,
        "committed": False,
    }
    assert Laborer.objects.count() == 0 and not ImportBatch.objects.exists()

    result = run_json(str(path), "--user", "officer_a", "--commit")
    assert result["committed"] is True and result["created"] == 1
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.APPLIED and batch.user == officer_a
    assert Laborer.history.get().import_batch_id == batch.pk

    again = run_json(str(path), "--user", "officer_a", "--commit")
    assert (again["created"], again["unchanged"]) == (0, 1)
    assert ImportBatch.objects.order_by("-pk").first().duplicate_of == batch


def test_refused_file_exits_non_zero_with_json(tmp_path, officer_a):
    path = write(tmp_path / "notes.xlsx", b"%PDF-1.7")
    out = io.StringIO()
    with pytest.raises(CommandError) as excinfo:
        call_command(
            "import_survey",
            str(path),
            "--user",
            "officer_a",
            "--json",
            stdout=out,
            stderr=io.StringIO(),
        )
    assert excinfo.value.returncode == 2
    result = json.loads(out.getvalue())
    assert result["refused"].startswith("这是 PDF 文件") and result["committed"] is False
    assert result["errors"] == [] and result["rows"] == 0


def test_missing_file_unknown_user_and_leader(tmp_path, officer_a, leader, village_a1):
    with pytest.raises(CommandError) as excinfo:
        call_command(
            "import_survey",
            str(tmp_path / "nope.xlsx"),
            "--user",
            "officer_a",
            stdout=io.StringIO(),
        )
    assert "找不到文件" in str(excinfo.value)
    with pytest.raises(CommandError, match="没有用户名") as excinfo:
        call_command("import_survey", "x.xlsx", "--user", "ghost")
    assert excinfo.value.returncode == 2
    path = write(tmp_path / "s.xlsx", xlsx_bytes([row(id_number=valid_id_number())]))
    for commit in ((), ("--commit",)):  # a dry run too: leaders import nothing
        with pytest.raises(CommandError, match="只读账号"):
            call_command(
                "import_survey", str(path), "--user", "leader", *commit, stdout=io.StringIO()
            )
    # with --json, the refusal is the one JSON object the command prints
    out = io.StringIO()
    with pytest.raises(CommandError) as excinfo:
        call_command("import_survey", str(path), "--user", "ghost", "--json", stdout=out)
    assert excinfo.value.returncode == 2
    result = json.loads(out.getvalue())
    assert result["refused"] == "没有用户名为“ghost”的用户。" and result["committed"] is False
    assert Laborer.objects.count() == 0


def test_plain_output(tmp_path, officer_a, village_a1):
    path = write(tmp_path / "s.xlsx", xlsx_bytes([row(id_number=valid_id_number())]))
    out = io.StringIO()
    call_command(
        "import_survey", str(path), "--user", "officer_a", stdout=out, stderr=io.StringIO()
    )
    assert "新增 1" in out.getvalue() and "试运行" in out.getvalue()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_task_framework_worker_checks_an_upload(officer_a, village_a1, settings):
    """The worker production runs (django-tasks' ``db_worker``), on this database."""
    from laborers.imports.services import import_batch_create

    settings.XJ_IMPORT_INLINE = False
    batch = import_batch_create(
        user=officer_a,
        kind="survey",
        file_name="s.xlsx",
        data=xlsx_bytes([row(id_number=valid_id_number())]),
    )
    assert batch.status == ImportBatch.Status.QUEUED
    call_command(
        "db_worker", "--batch", "--no-startup-delay", "--no-reload", "-v0", stdout=io.StringIO()
    )
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEW and batch.rows == 1


def test_commit_that_fails_while_writing_leaves_a_failed_batch_and_no_rows(
    tmp_path, officer_a, village_a1, monkeypatch
):
    from laborers.imports import survey

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(survey.bulk, "insert_history", boom)
    path = write(tmp_path / "s.xlsx", xlsx_bytes([row(id_number=valid_id_number())]))
    with pytest.raises(CommandError, match="没有写入"):
        call_command(
            "import_survey", str(path), "--user", "officer_a", "--commit", stdout=io.StringIO()
        )
    assert ImportBatch.objects.get().status == ImportBatch.Status.FAILED
    assert Laborer.objects.count() == 0
