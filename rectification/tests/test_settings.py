"""The evidence size limit comes from the environment and fails loudly on a bad value."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _limit(value: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environment.update(DEBUG="1", RECTIFICATION_EVIDENCE_MAX_MB=value)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import xiushan_jobs.settings as s; print(s.RECTIFICATION_EVIDENCE_MAX_MB)",
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_limit_is_read_from_the_environment():
    result = _limit("5")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "5"


@pytest.mark.parametrize("value", ["twenty", "0"])
def test_bad_limit_stops_the_process(value):
    result = _limit(value)
    assert result.returncode != 0
    assert "RECTIFICATION_EVIDENCE_MAX_MB" in result.stderr
