"""Named users and places shared by every app's tests.

Township A is 中和街道, township B is 隘口镇; each has two villages. Officers, a village
officer (village A1), the county bureau and a leader are ready as fixtures.
"""

import datetime

import pytest

from laborers.models import Township
from xiushan_jobs.lib.roles import Role
from xiushan_jobs.testing import make_user, make_village

FIXED_TODAY = datetime.date(2020, 6, 15)


@pytest.fixture(autouse=True, scope="session")
def _test_transport():
    """Production settings use hashed static names that need `collectstatic`, and redirect
    plain HTTP to HTTPS; the test client speaks plain HTTP to templates that were never
    collected. Passwords are hashed with a fast hasher."""
    from django.test import override_settings

    with override_settings(
        SECURE_SSL_REDIRECT=False,
        # PBKDF2's million rounds cost ~0.3 s per test user; the tests check roles, not hashes.
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        # Nothing remembered between requests unless a test asks for it (dashboard cache).
        CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}},
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    ):
        yield


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """Keep serialized rollback working after the browser tests start.

    ``serialized_rollback`` restores reference data (townships, programs, rectification
    tasks…) from a snapshot Django keeps on the connection object. Playwright's sync API
    runs in a greenlet with its own context, where Django's context-local connection
    handler hands out a new connection object without that snapshot, and the restore is
    silently skipped. Keeping the snapshot on the backend class makes every connection
    object to the test database carry it.
    """
    from django.db import connections

    for connection in connections.all():
        contents = getattr(connection, "_test_serialized_contents", None)
        if contents is not None:
            type(connection)._test_serialized_contents = contents
    return django_db_setup


@pytest.fixture(autouse=True)
def _fixed_business_date(settings):
    """Tests run on a fixed business date inside the plan year, whatever the real date."""
    settings.XJ_TODAY = FIXED_TODAY


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded files (evidence, demo data) land in the test's own directory, never in
    var/media. Created lazily by the storage."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def township_a(db):
    return Township.objects.get(name="中和街道")


@pytest.fixture
def township_b(db):
    return Township.objects.get(name="隘口镇")


@pytest.fixture
def village_a1(township_a):
    return make_village(township_a, "凤鸣村")


@pytest.fixture
def village_a2(township_a):
    return make_village(township_a, "太平村")


@pytest.fixture
def village_b1(township_b):
    return make_village(township_b, "坝芒村")


@pytest.fixture
def county_user(db):
    return make_user("county", Role.COUNTY)


@pytest.fixture
def leader(db):
    return make_user("leader", Role.LEADER)


@pytest.fixture
def officer_a(township_a):
    return make_user("officer_a", Role.TOWNSHIP, township=township_a)


@pytest.fixture
def officer_b(township_b):
    return make_user("officer_b", Role.TOWNSHIP, township=township_b)


@pytest.fixture
def village_officer(village_a1):
    return make_user("village_a1", Role.VILLAGE, village=village_a1)
