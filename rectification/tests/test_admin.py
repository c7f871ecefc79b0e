import pytest
from django.urls import reverse

from rectification import services
from rectification.models import Evidence, ProgressReport, Source, Task, Transition
from xiushan_jobs.testing import make_report, make_upload, seeded_task

pytestmark = pytest.mark.django_db


def test_county_back_office_pages(client, county_user):
    task = seeded_task(57)
    make_report(task, county_user, files=[make_upload()])
    services.closeout_request(task=task, by=county_user)
    client.force_login(county_user)
    report, transition = ProgressReport.objects.get(), Transition.objects.last()
    for model, obj in [
        (Source, task.source),
        (Task, task),
        (ProgressReport, report),
        (Transition, transition),
    ]:
        opts = model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        assert client.get(changelist).status_code == 200, model
        change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        assert client.get(change).status_code == 200, model
    history = reverse("admin:rectification_task_history", args=[task.pk])
    assert client.get(history).status_code == 200
    assert Evidence.objects.count() == 1


def test_status_and_transitions_cannot_be_edited_in_the_admin(client, county_user):
    task = seeded_task(57)
    client.force_login(county_user)
    form = (
        client.get(reverse("admin:rectification_task_change", args=[task.pk]))
        .context["adminform"]
        .form
    )
    assert "status" not in form.fields and "closed_on" not in form.fields
    assert client.get(reverse("admin:rectification_transition_add")).status_code == 403


def test_tasks_and_reports_are_never_deleted_in_the_admin(client, county_user):
    """Deleting a task would take its reports, evidence and transitions with it: the record
    of a rectification is closed out, not deleted."""
    task = seeded_task(57)
    report = make_report(task, county_user, files=[make_upload()])
    services.closeout_request(task=task, by=county_user)
    client.force_login(county_user)
    for name, obj in (("task", task), ("progressreport", report)):
        url = reverse(f"admin:rectification_{name}_delete", args=[obj.pk])
        assert client.get(url).status_code == 403, name
        assert client.post(url, {"post": "yes"}).status_code == 403, name
        changelist = reverse(f"admin:rectification_{name}_changelist")
        response = client.post(
            changelist, {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"}
        )
        assert response.status_code in (200, 302), name
    assert Task.objects.filter(pk=task.pk).exists()
    assert ProgressReport.objects.filter(pk=report.pk).exists()
    assert Transition.objects.filter(task=task).exists() and Evidence.objects.count() == 1
