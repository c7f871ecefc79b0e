import pytest


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Evidence files land in a fresh directory per test, never in var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
