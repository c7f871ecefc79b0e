import io

import pytest
from django.core.management import CommandError, call_command

from laborers.models import Laborer
from xiushan_jobs.testing import make_laborer


def _snapshot():
    return sorted(Laborer.objects.values_list("id", "id_number", "name", "phone"))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backup_restores_to_the_same_records(tmp_path, village_a1, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media" / "evidence").mkdir(parents=True)
    (tmp_path / "media" / "evidence" / "a.pdf").write_bytes(b"%PDF-1.4 test")
    keep = make_laborer(village=village_a1, name="保留", phone="13800138000")
    make_laborer(village=village_a1, name="也保留")
    before = _snapshot()

    out = io.StringIO()
    call_command("backup", dir=str(tmp_path / "backups"), stdout=out)
    dumps = [p for p in (tmp_path / "backups").iterdir() if "media" not in p.name]
    media = [p for p in (tmp_path / "backups").iterdir() if "media" in p.name]
    assert len(dumps) == 1 and len(media) == 1

    keep.name = "改掉"
    keep.save()
    make_laborer(village=village_a1, name="新增")
    (tmp_path / "media" / "evidence" / "a.pdf").unlink()
    assert _snapshot() != before

    call_command("restore", str(dumps[0]), media=str(media[0]), yes=True, stdout=io.StringIO())
    assert _snapshot() == before
    assert (tmp_path / "media" / "evidence" / "a.pdf").read_bytes() == b"%PDF-1.4 test"


@pytest.mark.django_db
def test_restore_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="不存在"):
        call_command("restore", str(tmp_path / "nope.dump"), yes=True)


@pytest.mark.django_db
def test_restore_asks_before_overwriting(tmp_path, monkeypatch):
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="已取消"):
        call_command("restore", str(tmp_path / "x.dump"))
