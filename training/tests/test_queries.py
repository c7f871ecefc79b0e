"""List, detail, report and export pages run a constant number of queries: the same bound
at two data sizes, so a query per row fails the suite."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from training import services
from training.models import GuidanceSession
from xiushan_jobs.testing import (
    make_enrollment,
    make_laborer,
    make_loan,
    make_mentor,
    make_station,
    make_training_class,
)

pytestmark = pytest.mark.django_db
SIZES = [2, 8]
D = datetime.date
CAPABLE = {"labor_ability": "普通劳动力", "wants_entrepreneurship": True, "wants_training": True}


@pytest.fixture
def county(village_a1, village_a2, township_a, county_user):
    def build(size):
        made = {"classes": [], "sessions": [], "loans": [], "stations": []}
        mentor = make_mentor()
        for i in range(size):
            village = village_a1 if i % 2 else village_a2
            # every other class is Hechuan's rural practical technology (target 19's list)
            klass = make_training_class(
                township_a if i % 2 else None,
                trade="农村实用技术" if i % 2 else "苗绣",
                program="hechuan" if i % 2 else None,
            )
            made["classes"].append(klass)
            people = [
                make_laborer(
                    village=village,
                    training_trade="苗绣",
                    is_college_graduate=True,
                    graduation_year=2019,
                    **CAPABLE,
                )
                for _ in range(size)
            ]
            for person in people:
                make_enrollment(klass, person, days_attended=10, completed=True, skill="证书")
                make_enrollment(klass, days_attended=9)
                made["loans"].append(make_loan(person))
            session = GuidanceSession(
                mentor=mentor, date=D(2020, 6, 1), mode="多对一", topic="选址"
            )
            services.session_save(session=session, laborers=people, by=county_user)
            made["sessions"].append(session)
            station = make_station(f"{i:03d}")
            services.occupancy_start(
                station=station,
                laborer=people[0],
                start_date=D(2020, 3, 1),
                business="网店",
                by=county_user,
            )
            made["stations"].append(station)
        made["mentor"] = mentor
        return made

    return build


def pages(made):
    klass = made["classes"][1]
    return {
        "class_list": reverse("training:class_list"),
        "class_detail": reverse("training:class_detail", args=[klass.pk]),
        "class_export": reverse("training:class_export"),
        "enroll": reverse("training:enroll", args=[klass.pk]) + "?q=张",
        "subsidy_report": reverse("training:subsidy_report"),
        "subsidy_export": reverse("training:subsidy_export"),
        "demand": reverse("training:demand"),
        "training_group": reverse("training:training_group", args=["demand"]),
        "trainee_group": reverse("training:trainee_group", args=["hechuan-practical"]),
        "overview": reverse("training:overview"),
        "entrepreneur_group": reverse("training:entrepreneur_group", args=["entrepreneurs"]),
        "mentor_list": reverse("training:mentor_list"),
        "mentor_detail": reverse("training:mentor_detail", args=[made["mentor"].pk]),
        "session_list": reverse("training:session_list"),
        "session_detail": reverse("training:session_detail", args=[made["sessions"][0].pk]),
        "session_form": reverse("training:session_edit", args=[made["sessions"][0].pk]),
        "loan_list": reverse("training:loan_list"),
        "loan_detail": reverse("training:loan_detail", args=[made["loans"][0].pk]),
        "loan_export": reverse("training:loan_export"),
        "station_list": reverse("training:station_list"),
        "station_detail": reverse("training:station_detail", args=[made["stations"][0].pk]),
        "station_export": reverse("training:station_export"),
    }


#: the most queries each page runs, whatever the number of rows. Every page starts with
#: the session and the user (2).
BOUNDS = {
    # program and township choices of the filter; trainee totals; the paginator's COUNT;
    # the trade choices; the page of classes with their counts
    "class_list": 8,
    # the class with its subsidy; trainee totals; the paginator's COUNT; the page of
    # trainees with laborer, village and township; which of them the user may change;
    # may the user edit the class
    "class_detail": 8,
    # filter choices (2); classes with counts and subsidy; the trainees; the access log's
    # content type and insert
    "class_export": 8,
    # the class; the search results; may the user add non-poor trainees; who of the
    # results is enrolled already
    "enroll": 6,
    # filter choices (2); totals per funding source; classes per source; the paginator's
    # COUNT; trade choices; the page of classes with subsidy
    "subsidy_report": 9,
    # filter choices (2); totals per source; classes per source; all classes with subsidy;
    # the access log's content type and insert
    "subsidy_export": 9,
    # trades; needs by trade; open classes by trade; areas; needs by area
    "demand": 7,
    # the paginator's COUNT; the village choices; the page of laborers
    "training_group": 5,
    # the paginator's COUNT; the page of trainees
    "trainee_group": 4,
    # five laborer figures, two station figures, loan counts, mentors, sessions
    "overview": 12,
    "entrepreneur_group": 5,
    # the paginator's COUNT; the page of mentors with their session counts
    "mentor_list": 4,
    # the mentor; the paginator's COUNT; may the user edit; the page of sessions
    "mentor_detail": 6,
    # the paginator's COUNT; the mentor choices; the page of sessions
    "session_list": 5,
    # the session; the participants the user sees; all participants' COUNT; may edit
    "session_detail": 6,
    # the session; may edit; its laborers; the candidates; participants; townships;
    # mentors; the candidates shown
    "session_form": 10,
    # the paginator's COUNT; totals; past-due COUNT; township choices; the page of loans
    "loan_list": 7,
    # the loan with its laborer; may edit; its history
    "loan_detail": 5,
    # the loans with laborers; the access log's content type and insert
    "loan_export": 5,
    # base choices; the paginator's COUNT; the page of stations; their occupancies; which
    # the user sees; totals
    "station_list": 8,
    # the station; occupancies the user sees; which they may change; the current one;
    # all occupancies' COUNT; may edit the station
    "station_detail": 8,
    # base choices; stations; current occupancies; which the user sees; the access log
    "station_export": 8,
}


@pytest.mark.parametrize("size", SIZES)
def test_pages_run_a_constant_number_of_queries(client, county_user, county, size):
    """One data set per size (building it is the slow part), every page measured on it."""
    made = county(size)
    client.force_login(county_user)
    urls = pages(made)
    for name, bound in BOUNDS.items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(urls[name])
        assert response.status_code == 200, name
        assert len(queries) <= bound, (name, len(queries), [q["sql"] for q in queries])
        if name in ("class_detail", "training_group", "trainee_group", "entrepreneur_group"):
            # the rows grow with the size, the queries do not
            assert response.context["page"].paginator.count >= size, name
