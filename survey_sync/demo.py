"""A recorded sync in the demo county: 中和街道's whole first file, as the plan's first
full update by 3-31 would leave it."""

from __future__ import annotations

from typing import Any

from accounts.services import user_upsert
from laborers.models import Township
from survey_sync.models import SyncProfile, SyncRun
from survey_sync.services import sync_run_record
from xiushan_jobs.lib.roles import Role


def seed_sync(*, rng: Any, stdout: Any) -> None:
    township = Township.objects.filter(name="中和街道").first()
    profile = SyncProfile.objects.filter(is_default=True).first()
    if township is None or profile is None or SyncRun.objects.exists():
        return
    county, _ = user_upsert(username="county", role=Role.COUNTY, full_name="县就业人才局 张科长")
    sync_run_record(user=county, township=township, mode=SyncRun.Mode.FULL, profile=profile)
