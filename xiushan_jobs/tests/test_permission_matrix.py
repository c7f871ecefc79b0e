"""The permission matrix over every URL of the site.

For each URL it checks, with real objects behind it:
- anonymous users are sent to the login page (never a 200);
- a leader may read but every POST is refused (403/405) and nothing changes;
- a township officer gets 404 for another township's objects, on GET and on POST;
- a village officer gets 404 for another village's objects of their own township.

Every URL the project defines must appear in ``MATRIX``: a new view without an entry
fails ``test_every_url_is_in_the_matrix``, so nobody forgets to think about its access.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from laborers.choices import EmploymentKind
from laborers.models import ImportBatch
from xiushan_jobs.testing import (
    PNG_BYTES,
    make_enrollment,
    make_episode,
    make_funding,
    make_household,
    make_laborer,
    make_loan,
    make_mentor,
    make_post,
    make_report,
    make_service,
    make_station,
    make_training_class,
    make_upload,
    make_workshop,
    seeded_task,
    valid_id_number,
)

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Entry:
    #: kwargs for the URL from an area's objects (None: the URL takes no object)
    kwargs: object = None
    #: the object belongs to a township ("township"), to a village ("village"), or is
    #: county-wide and readable by everyone (None)
    scope: str | None = None
    #: the URL changes data (leaders and read-only roles must be refused)
    write: bool = False
    #: never logged in (login, logout, health check, a bare redirect)
    public: bool = False
    #: reads, but only by POST (revealing a number is logged, so it is never a GET)
    post_only: bool = False
    #: only the county bureau reads it (the access log)
    county_only: bool = False
    #: holds full personal data for fixing and re-uploading: leaders may not read it
    no_leader: bool = False
    #: the user's own account (their password): read-only roles may change it too
    account: bool = False


def pk(name):
    return lambda area: {"pk": getattr(area, name).pk}


VILLAGE, TOWNSHIP = "village", "township"

MATRIX: dict[str, Entry] = {
    "home": Entry(),
    "login": Entry(public=True),
    "logout": Entry(public=True),
    "healthz": Entry(public=True),
    # one's own password: every signed-in user, leaders included, changes their own
    "password_change": Entry(account=True),
    "password_change_done": Entry(),
    # laborers: workspace, lists, records
    "laborers:workspace": Entry(),
    "laborers:overview": Entry(public=True),  # the old address, a bare redirect
    "laborers:warnings": Entry(),
    "laborers:quality": Entry(),
    "laborers:quality_list": Entry(kwargs=lambda area: {"key": "no_place"}),
    "laborers:laborer_list": Entry(),
    "laborers:laborer_export": Entry(),
    "laborers:laborer_detail": Entry(pk("laborer"), VILLAGE),
    "laborers:laborer_edit": Entry(pk("laborer"), VILLAGE, write=True),
    "laborers:laborer_reveal": Entry(pk("laborer"), VILLAGE, post_only=True),
    "laborers:laborer_surveyed": Entry(pk("laborer"), VILLAGE, write=True),
    "laborers:laborer_delete": Entry(pk("laborer"), VILLAGE, write=True),
    "laborers:episode_new": Entry(pk("laborer"), VILLAGE, write=True),
    "laborers:service_new": Entry(pk("laborer"), VILLAGE, write=True),
    "laborers:episode_edit": Entry(pk("episode"), VILLAGE, write=True),
    "laborers:episode_end": Entry(pk("episode"), VILLAGE, write=True),
    "laborers:episode_delete": Entry(pk("episode"), VILLAGE, write=True),
    "laborers:service_delete": Entry(pk("service"), VILLAGE, write=True),
    "laborers:household_list": Entry(),
    "laborers:household_create": Entry(write=True),
    "laborers:household_detail": Entry(pk("household"), VILLAGE),
    "laborers:household_edit": Entry(pk("household"), VILLAGE, write=True),
    "laborers:household_delete": Entry(pk("household"), VILLAGE, write=True),
    "laborers:laborer_create": Entry(
        lambda area: {"household_pk": area.household.pk}, VILLAGE, write=True
    ),
    "audit:access_log": Entry(county_only=True),
    # survey import
    "imports:index": Entry(),
    "imports:upload": Entry(write=True),
    "imports:template": Entry(kwargs=lambda area: {"kind": "survey"}),
    # (a batch belongs to its uploader's area: a township officer's upload is the township's)
    "imports:batch": Entry(pk("batch"), TOWNSHIP),
    "imports:status": Entry(pk("batch"), TOWNSHIP),
    "imports:confirm": Entry(pk("batch"), TOWNSHIP, write=True),
    "imports:cancel": Entry(pk("batch"), TOWNSHIP, write=True),
    "imports:annotated": Entry(pk("batch"), TOWNSHIP, no_leader=True),
    # the survey batch's row 2 has an error; only its uploader corrects it
    "imports:fix_row": Entry(
        lambda area: {"pk": area.batch.pk, "row": 2}, TOWNSHIP, write=True, no_leader=True
    ),
    # workshops and posts
    "workshops:workshop_list": Entry(),
    "workshops:workshop_export": Entry(),
    "workshops:workshop_create": Entry(write=True),
    "workshops:workshop_detail": Entry(pk("workshop"), VILLAGE),
    "workshops:workshop_edit": Entry(pk("workshop"), VILLAGE, write=True),
    "workshops:workshop_delete": Entry(pk("workshop"), VILLAGE, write=True),
    "workshops:workshop_place": Entry(pk("workshop"), VILLAGE, write=True),
    "workshops:workshop_placement_end": Entry(pk("workshop_placement"), VILLAGE, write=True),
    "workshops:post_list": Entry(),
    "workshops:post_export": Entry(),
    "workshops:post_create": Entry(write=True),
    "workshops:post_detail": Entry(pk("post"), VILLAGE),
    "workshops:post_edit": Entry(pk("post"), VILLAGE, write=True),
    "workshops:post_delete": Entry(pk("post"), VILLAGE, write=True),
    "workshops:post_place": Entry(pk("post"), VILLAGE, write=True),
    "workshops:post_placement_end": Entry(pk("post_placement"), VILLAGE, write=True),
    "workshops:funding_add": Entry(pk("workshop"), VILLAGE, write=True),
    "workshops:funding_delete": Entry(pk("funding"), VILLAGE, write=True),
    "workshops:attachment_upload": Entry(pk("workshop"), VILLAGE, write=True),
    "workshops:attachment_file": Entry(pk("attachment"), VILLAGE),
    "workshops:attachment_delete": Entry(pk("attachment"), VILLAGE, write=True),
    "workshops:laborer_place": Entry(
        lambda area: {"laborer_pk": area.laborer.pk}, VILLAGE, write=True
    ),
    "workshops:unlinked": Entry(),
    "workshops:laborer_group": Entry(kwargs=lambda area: {"group": "hard-to-employ"}),
    # recruitment events (a township's own events; county-level ones are open to all)
    "transfer:event_list": Entry(),
    "transfer:event_export": Entry(),
    "transfer:event_create": Entry(write=True),
    "transfer:event_detail": Entry(pk("event"), TOWNSHIP),
    "transfer:event_edit": Entry(pk("event"), TOWNSHIP, write=True),
    "transfer:event_delete": Entry(pk("event"), TOWNSHIP, write=True),
    "transfer:hire_create": Entry(pk("event"), TOWNSHIP, write=True),
    "transfer:hire_delete": Entry(pk("hire"), VILLAGE, write=True),
    # rectification: county-wide, read by all, written by the county bureau
    "rectification:list": Entry(),
    "rectification:ledger": Entry(),
    "rectification:create": Entry(write=True),
    "rectification:detail": Entry(pk("task")),
    "rectification:edit": Entry(pk("task"), write=True),
    "rectification:report_create": Entry(pk("task"), write=True),
    "rectification:closeout_request": Entry(pk("task"), write=True),
    "rectification:closeout_approve": Entry(pk("task"), write=True),
    "rectification:closeout_reject": Entry(pk("task"), write=True),
    "rectification:reopen": Entry(pk("task"), write=True),
    "rectification:evidence": Entry(pk("evidence")),
    # training: a township's classes (county-level ones are open to all); trainees, guidance,
    # loans and station occupancies follow the laborer; mentors and stations are county-wide
    "training:class_list": Entry(),
    "training:class_export": Entry(),
    "training:class_create": Entry(write=True),
    "training:class_detail": Entry(pk("training_class"), TOWNSHIP),
    "training:class_edit": Entry(pk("training_class"), TOWNSHIP, write=True),
    "training:class_delete": Entry(pk("training_class"), TOWNSHIP, write=True),
    "training:enroll": Entry(pk("training_class"), TOWNSHIP, write=True),
    "training:enrollment_edit": Entry(pk("enrollment"), VILLAGE, write=True),
    "training:enrollment_delete": Entry(pk("enrollment"), VILLAGE, write=True),
    "training:laborer_enroll": Entry(
        lambda area: {"laborer_pk": area.laborer.pk}, VILLAGE, write=True
    ),
    "training:subsidy_report": Entry(),
    "training:subsidy_export": Entry(),
    "training:demand": Entry(),
    "training:training_group": Entry(kwargs=lambda area: {"group": "gap"}),
    "training:trainee_group": Entry(kwargs=lambda area: {"group": "hechuan-practical"}),
    "training:overview": Entry(),
    "training:entrepreneur_group": Entry(kwargs=lambda area: {"group": "unsupported"}),
    "training:mentor_list": Entry(),
    "training:mentor_create": Entry(write=True),
    "training:mentor_detail": Entry(pk("mentor")),
    "training:mentor_edit": Entry(pk("mentor"), write=True),
    "training:mentor_delete": Entry(pk("mentor"), write=True),
    "training:session_list": Entry(),
    "training:session_create": Entry(write=True),
    "training:session_detail": Entry(pk("session"), VILLAGE),
    "training:session_edit": Entry(pk("session"), VILLAGE, write=True),
    "training:session_delete": Entry(pk("session"), VILLAGE, write=True),
    "training:loan_list": Entry(),
    "training:loan_export": Entry(),
    "training:loan_create": Entry(write=True),
    "training:loan_detail": Entry(pk("loan"), VILLAGE),
    "training:loan_edit": Entry(pk("loan"), VILLAGE, write=True),
    "training:loan_delete": Entry(pk("loan"), VILLAGE, write=True),
    "training:station_list": Entry(),
    "training:station_export": Entry(),
    "training:station_create": Entry(write=True),
    "training:station_detail": Entry(pk("station")),
    "training:station_edit": Entry(pk("station"), write=True),
    "training:station_delete": Entry(pk("station"), write=True),
    "training:occupancy_start": Entry(pk("station"), write=True),
    "training:occupancy_end": Entry(pk("occupancy"), VILLAGE, write=True),
    "training:occupancy_delete": Entry(pk("occupancy"), VILLAGE, write=True),
    # warning cases follow their household's village; approving a dismissal is the
    # township's, supervising the county's
    "cases:list": Entry(),
    "cases:handling": Entry(),
    "cases:helper_list": Entry(),
    "cases:helper_create": Entry(write=True),
    "cases:helper_assign": Entry(write=True),
    "cases:detail": Entry(pk("case"), VILLAGE),
    "cases:verify": Entry(pk("case"), VILLAGE, write=True),
    "cases:note": Entry(pk("case"), VILLAGE, write=True),
    "cases:dismiss": Entry(pk("case"), VILLAGE, write=True),
    "cases:approve": Entry(pk("case"), VILLAGE, write=True),
    "cases:reject": Entry(pk("case"), VILLAGE, write=True),
    "cases:supervise": Entry(pk("case"), VILLAGE, write=True),
    # dashboard: targets are county-wide; a township's board is the township's
    "dashboard:county": Entry(),  # officers are sent to their own board
    "dashboard:county_report": Entry(),
    "dashboard:township_home": Entry(),
    "dashboard:township": Entry(lambda area: {"pk": area.household.village.township_id}, TOWNSHIP),
    "dashboard:township_report": Entry(
        lambda area: {"pk": area.household.village.township_id}, TOWNSHIP
    ),
    "dashboard:drilldown": Entry(kwargs=lambda area: {"pk": _target_pk(1), "part": "numerator"}),
    # municipal survey sync: a township's runs are its own; files hold full ID numbers
    "survey_sync:run_list": Entry(),
    "survey_sync:run_new": Entry(write=True),
    "survey_sync:run_detail": Entry(pk("sync_run"), TOWNSHIP),
    "survey_sync:run_download": Entry(pk("sync_run"), TOWNSHIP, no_leader=True),
    # bulletins: the county writes them; a township reads the issued ones that name it
    "bulletins:list": Entry(),
    "bulletins:new": Entry(write=True),
    "bulletins:detail": Entry(pk("bulletin"), TOWNSHIP),
    "bulletins:docx": Entry(pk("bulletin"), TOWNSHIP),
    "bulletins:pdf": Entry(pk("bulletin"), TOWNSHIP),
    "bulletins:edit": Entry(pk("draft_bulletin"), write=True),
    "bulletins:issue": Entry(pk("draft_bulletin"), write=True),
    "bulletins:delete": Entry(pk("draft_bulletin"), write=True),
    # vacancies: a township's own (county ones are open to all); answers follow the laborer
    "vacancies:list": Entry(),
    "vacancies:create": Entry(write=True),
    "vacancies:detail": Entry(pk("vacancy"), TOWNSHIP),
    "vacancies:edit": Entry(pk("vacancy"), TOWNSHIP, write=True),
    "vacancies:push": Entry(pk("vacancy"), TOWNSHIP, write=True),
    "vacancies:answer": Entry(pk("pushed_laborer"), VILLAGE, write=True),
    "vacancies:village_message": Entry(lambda area: {"pk": area.household.village_id}, VILLAGE),
    "vacancies:village_sheet": Entry(lambda area: {"pk": area.household.village_id}, VILLAGE),
    "vacancies:report": Entry(),
    "vacancies:export": Entry(),
    # the public vacancy pages: no login, nobody's personal data
    "public_jobs:list": Entry(public=True),
    "public_jobs:detail": Entry(pk("vacancy"), public=True),
    "public_jobs:village": Entry(lambda area: {"pk": area.household.village_id}, public=True),
}


def _target_pk(number: int) -> int:
    from dashboard.models import Target

    return Target.objects.get(plan_year=2020, number=number).pk


def _url_names(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            yield from _url_names(pattern.url_patterns, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_url_is_in_the_matrix():
    names = set(_url_names(get_resolver().url_patterns))
    assert names - set(MATRIX) == set(), "add these URLs to the permission matrix"
    assert set(MATRIX) - names == set(), "these URLs no longer exist"


# --- the world: the same set of objects in three villages --------------------------------


def _area(village, officer, county):
    from transfer.models import EventEmployer, EventKind, RecruitmentEvent
    from transfer.services import hire_record
    from workshops.services import attachment_add, placement_start

    household = make_household(village)
    laborer = make_laborer(household)
    episode = make_episode(laborer, start=datetime.date(2020, 3, 1))
    service = make_service(laborer)
    workshop = make_workshop(village)
    post = make_post(village)
    attachment = attachment_add(
        workshop=workshop, upload=make_upload("车间.png", PNG_BYTES), by=officer
    )
    event = RecruitmentEvent.objects.create(
        title="场镇招聘",
        kind=EventKind.TOWN_FAIR,
        date=datetime.date(2020, 5, 1),
        township=village.township,
        organizer="乡镇政府",
    )
    employer = EventEmployer.objects.create(event=event, name="某企业", positions=5)
    return SimpleNamespace(
        household=household,
        laborer=laborer,
        episode=episode,
        service=service,
        workshop=workshop,
        post=post,
        funding=make_funding(workshop),
        attachment=attachment,
        workshop_placement=placement_start(
            site=workshop,
            laborer=make_laborer(household),
            start_date=datetime.date(2020, 4, 1),
            by=officer,
        ),
        post_placement=placement_start(
            site=post,
            laborer=make_laborer(household),
            start_date=datetime.date(2020, 4, 1),
            by=officer,
        ),
        batch=_survey_batch(village, officer),
        event=event,
        hire=hire_record(
            event=event,
            employer=employer,
            laborer=make_laborer(household),
            kind=EmploymentKind.IN_COUNTY,
            start_date=datetime.date(2020, 5, 5),
            by=officer,
        ),
        sync_run=_sync_run(village, officer),
        **_vacancies(village, household, officer),
        **_bulletins(village, county),
        task=seeded_task(57),
        evidence=make_report(seeded_task(57), county, files=[make_upload()]).evidence.get(),
        **_training(village, household, laborer, officer),
        case=_case(laborer),
    )


def _case(laborer):
    from cases.models import Case
    from cases.services import cases_sync

    cases_sync(laborer_ids=[laborer.pk])
    return Case.objects.filter(laborer=laborer).first()


def _training(village, household, laborer, officer) -> dict:
    """A class of the village's township with the area's laborer in it, a guidance session
    and a loan of that laborer, and a poor college graduate in a work station."""
    from training import services
    from training.models import GuidanceSession

    training_class = make_training_class(village.township)
    mentor = make_mentor()
    session = GuidanceSession(
        mentor=mentor, date=datetime.date(2020, 6, 1), mode="一对一", topic="选址"
    )
    services.session_save(session=session, laborers=[laborer], by=officer)
    station = make_station()
    graduate = make_laborer(household, is_college_graduate=True, graduation_year=2019)
    return {
        "training_class": training_class,
        "enrollment": make_enrollment(training_class, laborer, days_attended=2),
        "mentor": mentor,
        "session": session,
        "loan": make_loan(laborer),
        "station": station,
        "occupancy": services.occupancy_start(
            station=station,
            laborer=graduate,
            start_date=datetime.date(2020, 3, 1),
            business="网店",
            by=officer,
        ),
    }


def _vacancies(village, household, officer) -> dict:
    """A vacancy of the village's township, pushed to a laborer of the village."""
    from vacancies.models import Vacancy, WorkArea
    from vacancies.services import push_record, vacancy_save

    vacancy = vacancy_save(
        vacancy=Vacancy(
            title="缝纫工",
            places=3,
            work_area=WorkArea.IN_COUNTY,
            work_township=village.township,
            township=village.township,
            valid_from=datetime.date(2020, 6, 1),
            valid_to=datetime.date(2020, 8, 31),
        ),
        employer_name="秀山县某服装厂",
        by=officer,
    )
    seeker = make_laborer(household, employment_intention="县内就业")
    push = push_record(
        vacancy=vacancy,
        laborers=[seeker],
        channel="电话",
        date=datetime.date(2020, 6, 10),
        by=officer,
    )
    return {"vacancy": vacancy, "pushed_laborer": push.recipients.get()}


def _bulletins(village, county) -> dict:
    """An issued bulletin naming the village's township (its documents already made, as
    after a first download) and a draft."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from bulletins.models import Bulletin

    township = village.township
    common = {
        "year": 2020,
        "period": Bulletin.Period.MONTH,
        "period_start": datetime.date(2020, 5, 1),
        "period_end": datetime.date(2020, 5, 31),
        "title": "关于2020年5月全县就业扶贫工作进展情况的通报",
        "created_by": county,
    }
    rows = [
        {
            "township_id": township.pk,
            "township": township.name,
            "rank": 1,
            "score": None,
            "cells": [],
            "reds": 0,
        }
    ]
    figures = {
        "as_of": "2020-05-31",
        "targets": [],
        "status_counts": [],
        "warnings": [],
        "ranking": {"targets": [], "rows": rows},
        "quality": [],
        "overdue_tasks": [],
    }
    issued = Bulletin.objects.create(
        **common,
        status=Bulletin.Status.ISSUED,
        number=village.pk,
        figures=figures,
        issued_by=county,
        issued_at=timezone.now(),
        problems="问题。",
        next_steps="下步。",
    )
    issued.docx.save("b.docx", ContentFile(b"docx"))
    issued.pdf.save("b.pdf", ContentFile(b"%PDF-1.4"))
    issued.named_townships.add(township)
    return {"bulletin": issued, "draft_bulletin": Bulletin.objects.create(**common)}


def _sync_run(village, officer):
    from survey_sync.models import SyncProfile, SyncRun
    from survey_sync.services import sync_run_record

    profile = SyncProfile.objects.get(is_default=True)
    return sync_run_record(
        user=officer, township=village.township, mode=SyncRun.Mode.FULL, profile=profile
    )


def _survey_batch(village, officer):
    """A real survey upload, checked and waiting in preview, with one bad phone number so
    it has an annotated workbook."""
    from laborers.imports.services import import_batch_create, import_batch_process
    from laborers.tests.survey_files import row, xlsx_bytes
    from xiushan_jobs.testing import household_number

    data = xlsx_bytes(
        [
            row(
                township=village.township.name,
                village=village.name,
                household=household_number(village.pk),
                id_number=valid_id_number(),
                phone="123",
            )
        ]
    )
    batch = import_batch_create(user=officer, kind="survey", file_name="调查表.xlsx", data=data)
    import_batch_process(batch.pk)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEW, batch.message
    return batch


@pytest.fixture
def world(village_a1, village_a2, village_b1, officer_a, officer_b, county_user):
    return {
        "a1": _area(village_a1, officer_a, county_user),
        "a2": _area(village_a2, officer_a, county_user),
        "b1": _area(village_b1, officer_b, county_user),
    }


def _url(name, entry, area):
    return reverse(name, kwargs=entry.kwargs(area) if entry.kwargs else None)


def _row_counts():
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label
        in {
            "laborers",
            "workshops",
            "transfer",
            "rectification",
            "accounts",
            "training",
            "dashboard",
            "survey_sync",
            "bulletins",
            "vacancies",
        }
    }


def _urls(world, *, public=False):
    for name, entry in MATRIX.items():
        if entry.public == public:
            yield name, entry, _url(name, entry, world["a1"])


# --- the checks ---------------------------------------------------------------------------


def test_anonymous_users_are_sent_to_the_login_page(client, world):
    login = reverse("login")
    for name, _entry, url in _urls(world):
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code in (302, 405), (name, method.__name__)
            if response.status_code == 302:
                assert response.url.startswith(f"{login}?next="), name


def test_leaders_read_but_never_write(client, world, leader):
    client.force_login(leader)
    before = _row_counts()
    for name, entry, url in _urls(world):
        response = client.post(url, {"confirm": "1", "reason": "x", "text": "x"})
        if entry.account:  # a wrong old password: the form answers, nothing changes
            assert response.status_code == 200, name
            continue
        assert response.status_code in (403, 405), (name, response.status_code)
        if not entry.write and not entry.post_only:
            expected = (403,) if entry.county_only or entry.no_leader else (200, 302)
            assert client.get(url).status_code in expected, name
        if entry.write:
            assert client.get(url).status_code in (403, 405), name
    assert _row_counts() == before


def test_township_officers_get_404_for_another_townships_objects(client, world, officer_a):
    client.force_login(officer_a)
    before = _row_counts()
    for name, entry, _url_a in _urls(world):
        if entry.scope is None:
            continue
        url = _url(name, entry, world["b1"])
        assert client.get(url).status_code in (404, 405), name
        assert client.post(url, {"confirm": "1"}).status_code in (404, 405), name
    assert _row_counts() == before


def test_village_officers_get_404_for_other_villages_of_their_township(
    client, world, village_officer
):
    client.force_login(village_officer)
    before = _row_counts()
    for name, entry, _url_a in _urls(world):
        if entry.scope != VILLAGE:
            continue
        url = _url(name, entry, world["a2"])
        assert client.get(url).status_code in (403, 404, 405), name
        assert client.post(url, {"confirm": "1"}).status_code in (403, 404, 405), name
        own = _url(name, entry, world["a1"])
        if not entry.write and not entry.post_only and not entry.county_only:
            assert client.get(own).status_code in (200, 302), name
    assert _row_counts() == before


def test_own_objects_open_for_their_township_officer(client, world, officer_a):
    """The other side of the 404s: the same pages open for the officer the objects belong
    to, so the 404s above are about scope, not broken pages."""
    client.force_login(officer_a)
    for name, entry, url in _urls(world):
        if entry.write or entry.post_only:
            continue
        expected = (403,) if entry.county_only else (200, 302)
        assert client.get(url).status_code in expected, name


def _query_names() -> set[str]:
    """Every parameter a list page reads: each filter set's filters (and their range
    halves), the pager and the sort order."""
    import django_filters

    import audit.filters  # noqa: F401  (every filter set, imported for its subclasses)
    import laborers.filters  # noqa: F401
    import rectification.filters  # noqa: F401
    import training.filters  # noqa: F401
    import transfer.filters  # noqa: F401
    import vacancies.filters  # noqa: F401
    import workshops.filters  # noqa: F401

    names = {"page", "sort", "o", "order", "q", "year", "date", "township", "village"}
    # parameters views read themselves (grep "GET.get(")
    names |= {"area", "day", "week", "month", "trade", "term", "laborer", "training_class"}
    names |= {"kind", "status", "mode", "current", "full", "errors", "key", "preset"}
    pending = list(django_filters.FilterSet.__subclasses__())
    while pending:
        filterset = pending.pop()
        pending.extend(filterset.__subclasses__())
        for name in filterset.base_filters:
            names.update({name, f"{name}_after", f"{name}_before", f"{name}_min", f"{name}_max"})
    return names


@pytest.mark.parametrize(
    "junk", ["99999999999999999999", "1e5", "-1", "2020-13-45", "ab\x00c", "abc", "１２"]
)
def test_junk_in_a_query_string_never_breaks_a_page(client, world, county_user, junk):
    """Hand-typed or truncated links: a number too big for the database, an exponent, a
    date that does not exist — in any filter of any page. The page answers (a list, an
    empty list, a form error or a 404), never a server error."""
    client.raise_request_exception = False
    client.force_login(county_user)
    query = {name: junk for name in _query_names()}
    broken = []
    for name, entry, url in _urls(world):
        if entry.post_only:
            continue
        # pages that change data are read too: their forms take parameters (?laborer=)
        response = client.get(url, query)
        if response.status_code >= 500:
            error = response.exc_info[1] if response.exc_info else None
            broken.append(f"{name}: {error!r}")
    assert not broken, "\n".join(broken)
