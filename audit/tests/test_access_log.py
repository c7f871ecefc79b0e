"""The county's page of the personal-data access log: filterable, read-only."""

import pytest
from django.urls import reverse

from audit.models import AccessLog
from audit.services import access_log_record
from laborers.models import Laborer
from xiushan_jobs.testing import make_laborer

pytestmark = pytest.mark.django_db
URL = reverse("audit:access_log")


@pytest.fixture
def entries(village_a1, officer_a, village_officer):
    laborer = make_laborer(village=village_a1)
    access_log_record(
        user=officer_a,
        action="reveal",
        model=Laborer,
        object_id=laborer.pk,
        fields="身份证号码、联系电话",
    )
    access_log_record(
        user=village_officer,
        action="export",
        model=Laborer,
        row_count=12,
        detail="劳动力台账（脱敏）",
    )
    return laborer


def test_county_sees_the_log_with_links_to_records(client, entries, county_user):
    client.force_login(county_user)
    response = client.get(URL)
    page = response.content.decode()
    assert response.context["page"].paginator.count == 2
    assert reverse("laborers:laborer_detail", args=[entries.pk]) in page
    assert "劳动力台账（脱敏）" in page and entries.id_number not in page


def test_the_log_filters(client, entries, county_user, officer_a):
    client.force_login(county_user)
    assert client.get(URL, {"action": "export"}).context["page"].paginator.count == 1
    assert client.get(URL, {"user": officer_a.pk}).context["page"].paginator.count == 1
    assert client.get(URL, {"since": "2999-01-01"}).context["page"].paginator.count == 0
    assert client.get(URL, {"object_id": entries.pk}).context["page"].paginator.count == 1


def test_only_the_county_sees_it(client, entries, officer_a, village_officer, leader):
    assert client.get(URL).status_code == 302
    for user in (officer_a, village_officer, leader):
        client.force_login(user)
        assert client.get(URL).status_code == 403


def test_nobody_changes_it(client, entries, county_user):
    client.force_login(county_user)
    assert client.post(URL).status_code == 405
    log = AccessLog.objects.first()
    admin_change = reverse("admin:audit_accesslog_change", args=[log.pk])
    assert client.post(admin_change, {"detail": "改掉"}).status_code == 403
    delete = reverse("admin:audit_accesslog_delete", args=[log.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert AccessLog.objects.count() == 2


@pytest.mark.parametrize("size", [2, 30])
def test_query_count_does_not_grow(
    client, county_user, officer_a, size, django_assert_max_num_queries
):
    for _ in range(size):
        access_log_record(user=officer_a, action="export", model=Laborer, row_count=1)
    client.force_login(county_user)
    # session, user, user choices, count, page (with users, their areas, content types)
    with django_assert_max_num_queries(6):
        assert client.get(URL).status_code == 200
