"""Pages: who may do what, what each action leaves behind, and constant query counts."""

import datetime

import pytest
from django.urls import reverse

from rectification import services
from rectification.models import Evidence, Status, Task
from xiushan_jobs.testing import (
    PDF_BYTES,
    PNG_BYTES,
    make_report,
    make_task,
    make_upload,
    seeded_task,
)

pytestmark = pytest.mark.django_db

READ_ONLY_USERS = ["leader", "officer_a", "village_officer"]


@pytest.fixture
def task():
    return seeded_task(57)


@pytest.fixture
def evidence(task, county_user):
    make_report(task, county_user, files=[make_upload("通知.pdf")])
    return Evidence.objects.get(report__task=task)


def _read_urls(task, evidence):
    return [
        reverse("rectification:list"),
        reverse("rectification:detail", args=[task.pk]),
        reverse("rectification:ledger"),
        reverse("rectification:evidence", args=[evidence.pk]),
    ]


def _write_urls(task):
    """(url, accepts GET) for every view that changes data."""
    return [
        (reverse("rectification:create"), True),
        (reverse("rectification:edit", args=[task.pk]), True),
        (reverse("rectification:report_create", args=[task.pk]), True),
        (reverse("rectification:closeout_request", args=[task.pk]), False),
        (reverse("rectification:closeout_approve", args=[task.pk]), False),
        (reverse("rectification:closeout_reject", args=[task.pk]), False),
        (reverse("rectification:reopen", args=[task.pk]), False),
    ]


# --- access ----------------------------------------------------------------------------


def test_anonymous_users_go_to_login(client, task, evidence):
    urls = _read_urls(task, evidence) + [url for url, _ in _write_urls(task)]
    for url in urls:
        response = client.get(url)
        if response.status_code == 405:  # POST-only views refuse the method first
            response = client.post(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url


@pytest.mark.parametrize("who", ["county_user", *READ_ONLY_USERS])
def test_every_role_reads(request, client, task, evidence, who):
    client.force_login(request.getfixturevalue(who))
    for url in _read_urls(task, evidence):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", READ_ONLY_USERS)
def test_read_only_users_cannot_write(request, client, task, evidence, county_user, who):
    services.closeout_request(task=task, by=county_user)
    client.force_login(request.getfixturevalue(who))
    for url, accepts_get in _write_urls(task):
        if accepts_get:
            assert client.get(url).status_code == 403, url
        response = client.post(url, {"reason": "理由", "date": "2020-06-15", "text": "进展"})
        assert response.status_code == 403, url
    task.refresh_from_db()
    assert task.status == Status.PENDING
    assert task.reports.count() == 1
    assert Task.objects.count() == 9


@pytest.mark.parametrize("who", READ_ONLY_USERS)
def test_read_only_users_see_no_write_buttons(request, client, task, who):
    client.force_login(request.getfixturevalue(who))
    detail = client.get(reverse("rectification:detail", args=[task.pk])).content.decode()
    listing = client.get(reverse("rectification:list")).content.decode()
    assert reverse("rectification:report_create", args=[task.pk]) not in detail
    assert reverse("rectification:edit", args=[task.pk]) not in detail
    assert reverse("rectification:create") not in listing


def test_wrong_methods_are_refused(client, county_user, task, evidence):
    client.force_login(county_user)
    for url in _read_urls(task, evidence):
        assert client.post(url).status_code == 405, url
    for url, accepts_get in _write_urls(task):
        if not accepts_get:
            assert client.get(url).status_code == 405, url
        assert client.put(url).status_code == 405, url


def test_unknown_ids_answer_404(client, county_user):
    client.force_login(county_user)
    for name in ("detail", "edit", "report_create", "closeout_request", "reopen"):
        url = reverse(f"rectification:{name}", args=[999999])
        response = client.post(url, {"reason": "x"}) if name != "detail" else client.get(url)
        assert response.status_code == 404, name
    assert client.get(reverse("rectification:evidence", args=[999999])).status_code == 404


def test_users_without_a_role_are_refused(client, django_user_model, task):
    nobody = django_user_model.objects.create_user("nobody", password="x")
    client.force_login(nobody)
    assert client.get(reverse("rectification:list")).status_code == 403
    assert client.get(reverse("rectification:detail", args=[task.pk])).status_code == 403


def test_nav_item_for_every_role(client, officer_a, leader):
    for user in (officer_a, leader):
        client.force_login(user)
        nav = client.get(reverse("rectification:list")).context["nav_items"]
        item = next(i for i in nav if i["label"] == "整改任务")
        assert item["url"] == reverse("rectification:list") and item["active"]


# --- list and detail -------------------------------------------------------------------


def test_list_highlights_overdue_tasks_and_filters(client, leader):
    client.force_login(leader)
    response = client.get(reverse("rectification:list"))
    html = response.content.decode()
    assert html.count('class="is-overdue"') == 6  # 49, 50, 51, 59, 60, 61 on 2020-06-15
    assert "逾期 76 天" in html
    assert response.context["summary"]["overdue"] == 6

    def numbers(**params):
        page = client.get(reverse("rectification:list"), params).context["page"]
        return sorted(task.measure_number for task in page)

    appendix_1 = Task.objects.filter(source__short_name="附件1").first().source_id
    assert numbers(source=appendix_1) == [49, 50, 51]
    assert numbers(overdue="1", source=appendix_1) == [49, 50, 51]
    assert numbers(status=Status.CLOSED) == []
    assert numbers(lead_unit="县就业人才局") == [27, 39, 49, 50, 51, 57, 59, 60, 61]
    assert numbers(q="公益性岗位") == [51, 61]
    assert numbers(q="（39）") == [39]
    # A value that is not a choice is reported on the form, not a traceback.
    response = client.get(reverse("rectification:list"), {"status": "bogus"})
    assert response.status_code == 200
    assert "status" in response.context["filter"].form.errors


def test_detail_shows_the_timeline_and_the_transcription_note(client, county_user, evidence, task):
    services.closeout_request(task=task, by=county_user, reason="材料齐全")
    client.force_login(county_user)
    response = client.get(reverse("rectification:detail", args=[task.pk]))
    kinds = [entry["kind"] for entry in response.context["timeline"]]
    assert kinds == ["report", "transition", "transition"]
    html = response.content.decode()
    assert "通知.pdf" in html and "材料齐全" in html and "待销号审核" in html
    note = client.get(reverse("rectification:detail", args=[seeded_task(27).pk])).content.decode()
    assert "录入说明" in note and "2020 年 6" in note


# --- writes through the pages ----------------------------------------------------------


def test_county_reports_progress_with_files(client, county_user, task):
    client.force_login(county_user)
    url = reverse("rectification:report_create", args=[task.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "date": "2020-06-10",
            "text": "  印发差异化补贴标准。  ",
            "files": [make_upload("标准.pdf"), make_upload("现场.png", PNG_BYTES)],
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("rectification:detail", args=[task.pk])
    task.refresh_from_db()
    assert task.status == Status.IN_PROGRESS
    report = task.reports.get()
    assert (report.date, report.text, report.reporter) == (
        datetime.date(2020, 6, 10),
        "印发差异化补贴标准。",
        county_user,
    )
    assert sorted(report.evidence.values_list("original_name", "kind")) == [
        ("标准.pdf", "pdf"),
        ("现场.png", "image"),
    ]


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ([make_upload("setup.pdf", b"MZ\x90\x00" + b"\x00" * 100)], "不是允许的文件类型"),
        ([make_upload("../../etc/passwd.pdf", b"#!/bin/sh\nrm -rf /\n")], "“passwd.pdf”的内容"),
        (
            [make_upload("大.pdf", PDF_BYTES + b"\x00" * (1024 * 1024))],
            "超过了单个文件 1 MB 的上限",
        ),
        ([make_upload(f"{n}.pdf") for n in range(11)], "一次最多上传 10 个文件"),
    ],
)
def test_bad_uploads_are_explained_and_nothing_is_stored(
    client, county_user, task, settings, media_root, files, message
):
    settings.RECTIFICATION_EVIDENCE_MAX_MB = 1
    client.force_login(county_user)
    response = client.post(
        reverse("rectification:report_create", args=[task.pk]),
        {"date": "2020-06-10", "text": "进展", "files": files},
    )
    assert response.status_code == 200
    assert message in str(response.context["form"].errors["files"])
    assert message in response.content.decode()
    task.refresh_from_db()
    assert task.status == Status.NOT_STARTED and not task.reports.exists()
    assert not list(media_root.rglob("*.*"))


def test_report_form_refuses_a_future_date_and_empty_text(client, county_user, task):
    client.force_login(county_user)
    response = client.post(
        reverse("rectification:report_create", args=[task.pk]),
        {"date": "2020-06-16", "text": "   "},
    )
    errors = response.context["form"].errors
    assert "不能晚于今天" in str(errors["date"]) and "text" in errors
    assert not task.reports.exists()


def _post(client, name, task, reason=""):
    return client.post(reverse(f"rectification:{name}", args=[task.pk]), {"reason": reason})


def test_close_out_through_the_pages(client, county_user, evidence, task):
    client.force_login(county_user)
    for name, reason, status in [
        ("closeout_request", "", Status.PENDING),
        ("closeout_reject", "补充名单", Status.IN_PROGRESS),
        ("closeout_request", "已补充", Status.PENDING),
        ("closeout_approve", "同意", Status.CLOSED),
        ("reopen", "复查发现问题反弹", Status.IN_PROGRESS),
    ]:
        response = _post(client, name, task, reason)
        assert response.status_code == 302 and response.url.endswith(f"/{task.pk}/")
        task.refresh_from_db()
        assert task.status == status, name
    assert [t.reason for t in task.transitions.all()][1:] == [
        "",
        "补充名单",
        "已补充",
        "同意",
        "复查发现问题反弹",
    ]


def test_refusals_come_back_as_messages(client, county_user, task):
    client.force_login(county_user)
    make_report(task, county_user)  # no evidence
    response = _post(client, "closeout_request", task)
    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("佐证材料" in m for m in messages)
    task.refresh_from_db()
    assert task.status == Status.IN_PROGRESS

    make_report(task, county_user, files=[make_upload()])
    services.closeout_request(task=task, by=county_user)
    response = _post(client, "closeout_reject", task, "   ")
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("必须填写理由" in m for m in messages)
    task.refresh_from_db()
    assert task.status == Status.PENDING


def _task_data(task, **values):
    """The task form filled in for a new task in the same source as ``task``."""
    return {
        "source": task.source_id,
        "category": "九、新的反馈问题",
        "measure_number": 70,
        "measure": "新的整改措施。",
        "deadline": "2020-12-31",
        "deadline_text": "2020年12月底前完成",
        "lead_unit": "县就业人才局",
        **values,
    }


def test_county_creates_and_edits_tasks(client, county_user, task):
    client.force_login(county_user)
    data = _task_data(task)
    response = client.post(reverse("rectification:create"), data)
    created = Task.objects.get(measure_number=70)
    assert response.url == reverse("rectification:detail", args=[created.pk])
    assert (
        created.status == Status.NOT_STARTED and created.history.get().history_user == county_user
    )

    duplicate = client.post(reverse("rectification:create"), {**data, "measure_number": 57})
    assert duplicate.status_code == 200
    assert "同一来源下已有该整改措施序号" in duplicate.content.decode()

    url = reverse("rectification:edit", args=[task.pk])
    response = client.post(url, {**data, "measure_number": 57, "leader": " 唐凌波  "})
    task.refresh_from_db()
    assert task.category == "九、新的反馈问题" and task.leader == "唐凌波"
    assert task.history.latest().history_user == county_user


# --- evidence download -----------------------------------------------------------------


def test_evidence_download(client, officer_a, evidence):
    client.force_login(officer_a)
    response = client.get(reverse("rectification:evidence", args=[evidence.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert "filename*=utf-8''%E9%80%9A%E7%9F%A5.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_images_are_shown_sandboxed_and_office_files_download(client, county_user, task):
    import io

    from openpyxl import Workbook

    out = io.BytesIO()
    Workbook().save(out)
    make_report(
        task,
        county_user,
        files=[make_upload("照片.png", PNG_BYTES), make_upload("名单.xlsx", out.getvalue())],
    )
    client.force_login(county_user)
    image, sheet = Evidence.objects.order_by("pk")
    response = client.get(reverse("rectification:evidence", args=[image.pk]))
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline")
    assert "sandbox" in response["Content-Security-Policy"]
    response = client.get(reverse("rectification:evidence", args=[sheet.pk]))
    assert response["Content-Disposition"].startswith("attachment")


def test_missing_file_answers_404(client, county_user, evidence):
    evidence.file.delete(save=False)
    client.force_login(county_user)
    assert client.get(reverse("rectification:evidence", args=[evidence.pk])).status_code == 404


# --- query counts ----------------------------------------------------------------------


def _grow(county_user, extra_tasks):
    for _ in range(extra_tasks):
        task = make_task()
        make_report(task, county_user, files=[make_upload(), make_upload("b.png", PNG_BYTES)])
        make_report(task, county_user)


@pytest.mark.parametrize("extra", [0, 15])
def test_list_query_count_is_constant(client, county_user, extra, django_assert_max_num_queries):
    _grow(county_user, extra)
    client.force_login(county_user)
    # session, user; lead units for the filter; tasks count (paginator); tasks with progress
    # subqueries and source; sources for the filter's select; summary aggregate
    with django_assert_max_num_queries(7):
        response = client.get(reverse("rectification:list"))
    assert len(response.context["page"].object_list) == 9 + extra


@pytest.mark.parametrize("reports", [1, 12])
def test_detail_query_count_is_constant(
    client, county_user, reports, django_assert_max_num_queries
):
    task = seeded_task(57)
    for _ in range(reports):
        make_report(task, county_user, files=[make_upload(), make_upload("b.png", PNG_BYTES)])
    services.closeout_request(task=task, by=county_user)
    client.force_login(county_user)
    # session, user; task with source and progress; reports with reporter; their evidence;
    # transitions with user
    with django_assert_max_num_queries(6):
        response = client.get(reverse("rectification:detail", args=[task.pk]))
    assert len(response.context["timeline"]) == reports + 2


def test_ongoing_wording_needs_the_ongoing_flag(client, county_user, task):
    client.force_login(county_user)
    data = _task_data(task, measure_number=71, deadline_text="2020年12月底前完成，并长期坚持")
    response = client.post(reverse("rectification:create"), data)
    assert "请勾选“长期坚持”" in str(response.context["form"].errors["is_ongoing"])
    assert not Task.objects.filter(measure_number=71).exists()
    client.post(reverse("rectification:create"), {**data, "is_ongoing": "on"})
    assert Task.objects.get(measure_number=71).is_ongoing
