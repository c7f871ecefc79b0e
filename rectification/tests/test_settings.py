"""The evidence size limit comes from the environment and fails loudly on a bad value."""

import pytest

from xiushan_jobs.tests.test_settings import _load_settings


def test_limit_is_read_from_the_environment():
    assert _load_settings(DEBUG="1", RECTIFICATION_EVIDENCE_MAX_MB="5").returncode == 0


@pytest.mark.parametrize("value", ["twenty", "0"])
def test_bad_limit_stops_the_process(value):
    result = _load_settings(DEBUG="1", RECTIFICATION_EVIDENCE_MAX_MB=value)
    assert result.returncode != 0
    assert "RECTIFICATION_EVIDENCE_MAX_MB" in result.stderr
