"""Confirming writes only what the preview showed: a record the plan would write that
changed after the preview (or a "new" person registered meanwhile) sends the batch back
to preview, with nothing written and the changes since listed (who, when, what)."""

import pytest
from django.urls import reverse

from laborers.imports import services
from laborers.models import ImportBatch, Laborer
from laborers.services import record_save_checked
from laborers.tests.survey_files import HEADER, row, xlsx_bytes
from xiushan_jobs.testing import make_laborer, run_tasks, valid_id_number

pytestmark = pytest.mark.django_db
Status = ImportBatch.Status
NOTE_HEADER = [*HEADER, "备注"]
#: what ``row()`` says besides the note, so that only the note differs
AS_IN_FILE = {"phone": "13800138000", "employment_intention": "县内就业"}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.XJ_IMPORT_INLINE = True


def noted(person, note, **kwargs):
    return [
        *row(id_number=person.id_number, household=person.household.number, **kwargs),
        note,
    ]


def preview(user, data):
    batch = services.import_batch_create(
        user=user, kind="survey", file_name="调查表.xlsx", data=data
    )
    batch.refresh_from_db()
    assert batch.status == Status.PREVIEW, batch.message
    return batch


def county_edits_note(person, county_user, note):
    person.refresh_from_db()
    person.note = note
    record_save_checked(
        instance=person, expected_version=person.version, seen_history=None, by=county_user
    )


def test_an_edit_after_the_preview_is_not_overwritten(officer_a, county_user, village_a1):
    person = make_laborer(village=village_a1, name="张三", note="", **AS_IN_FILE)
    batch = preview(officer_a, xlsx_bytes([noted(person, "X")], header=NOTE_HEADER))
    report = services.load_report(batch)
    assert report.updated == 1
    assert [(c.label, c.old, c.new) for c in report.changes[0].changes] == [("备注", "（空）", "X")]

    county_edits_note(person, county_user, "县里核实：已外出")
    batch = services.import_batch_confirm(batch=batch, user=officer_a)

    assert batch.status == Status.PREVIEW and batch.applied_at is None
    assert "没有写入任何数据" in batch.message
    person.refresh_from_db()
    assert person.note == "县里核实：已外出"  # the county's edit stands
    assert not Laborer.history.filter(import_batch=batch).exists()
    again = services.load_report(batch)
    [since] = again.since
    assert since.by == str(county_user) and since.label == "张三"
    assert since.key == person.id_number[:6] + "********" + person.id_number[-4:]
    assert [(c.label, c.old, c.new) for c in since.changes] == [
        ("备注", "（空）", "县里核实：已外出")
    ]
    # the new preview shows the difference as it is now
    [(label, old, new)] = [(c.label, c.old, c.new) for c in again.changes[0].changes]
    assert (label, old, new) == ("备注", "县里核实：已外出", "X")

    # confirmed again, knowingly: written
    batch = services.import_batch_confirm(batch=batch, user=officer_a)
    assert batch.status == Status.APPLIED
    person.refresh_from_db()
    assert person.note == "X"


def test_the_page_says_what_changed_since_by_whom(client, officer_a, county_user, village_a1):
    person = make_laborer(village=village_a1, name="张三", note="")
    batch = preview(officer_a, xlsx_bytes([noted(person, "X")], header=NOTE_HEADER))
    county_edits_note(person, county_user, "县里改的")
    client.force_login(officer_a)
    client.post(reverse("imports:confirm", args=[batch.pk]))
    html = client.get(reverse("imports:batch", args=[batch.pk])).content.decode()
    assert "预览之后的变化" in html and "县里改的" in html and str(county_user) in html
    assert "确认导入" in html  # the user confirms again
    assert person.id_number not in html


def test_an_edit_that_does_not_bump_the_version_is_caught_by_the_history(officer_a, village_a1):
    """The admin saves without touching ``version``; its history row still counts."""
    person = make_laborer(village=village_a1, note="")
    batch = preview(officer_a, xlsx_bytes([noted(person, "X")], header=NOTE_HEADER))
    person.refresh_from_db()
    person.note = "后台改的"
    person.save()
    batch = services.import_batch_confirm(batch=batch, user=officer_a)
    assert batch.status == Status.PREVIEW
    person.refresh_from_db()
    assert person.note == "后台改的"


def test_a_record_unchanged_in_the_preview_and_edited_since_is_not_overwritten(
    officer_a, county_user, village_a1
):
    person = make_laborer(village=village_a1, note="X", **AS_IN_FILE)
    batch = preview(officer_a, xlsx_bytes([noted(person, "X")], header=NOTE_HEADER))
    assert services.load_report(batch).unchanged == 1
    county_edits_note(person, county_user, "Y")
    batch = services.import_batch_confirm(batch=batch, user=officer_a)
    assert batch.status == Status.PREVIEW
    person.refresh_from_db()
    assert person.note == "Y"
    assert services.load_report(batch).updated == 1


def test_an_edit_elsewhere_that_the_batch_does_not_write_lets_it_through(
    officer_a, county_user, village_a1
):
    """Only records the plan writes matter: a change to a person the file leaves as it is
    (a field the sheet has no column for) does not hold the batch up."""
    person = make_laborer(village=village_a1, note="", **AS_IN_FILE)
    other = make_laborer(village=village_a1, note="", **AS_IN_FILE)
    data = xlsx_bytes([noted(person, "X"), noted(other, "")], header=NOTE_HEADER)
    batch = preview(officer_a, data)
    other.refresh_from_db()
    other.education = "小学"  # no 文化程度 column in the file
    record_save_checked(
        instance=other, expected_version=other.version, seen_history=None, by=county_user
    )
    batch = services.import_batch_confirm(batch=batch, user=officer_a)
    assert batch.status == Status.APPLIED
    person.refresh_from_db()
    assert person.note == "X"


def two_new(ids, phone):
    return xlsx_bytes(
        [row(id_number=number, household=f"N{i}", phone=phone) for i, number in enumerate(ids)]
    )


def test_two_batches_previewed_as_new_for_the_same_people(officer_a, village_a1):
    ids = [valid_id_number(), valid_id_number()]
    first = preview(officer_a, two_new(ids, "13800138000"))
    second = preview(officer_a, two_new(ids, "13900139000"))
    assert services.load_report(first).created == services.load_report(second).created == 2

    assert services.import_batch_confirm(batch=first, user=officer_a).status == Status.APPLIED
    second = services.import_batch_confirm(batch=second, user=officer_a)

    assert second.status == Status.PREVIEW
    assert set(Laborer.objects.values_list("phone", flat=True)) == {"13800138000"}
    report = services.load_report(second)
    assert (report.created, report.updated) == (0, 2)
    # the two people registered meanwhile (and their households), by whom
    assert len([s for s in report.since if s.action == "新增" and s.key]) == 2
    assert {s.by for s in report.since} == {str(officer_a)}

    assert services.import_batch_confirm(batch=second, user=officer_a).status == Status.APPLIED
    assert set(Laborer.objects.values_list("phone", flat=True)) == {"13900139000"}


def test_in_the_background_workers_too(officer_a, county_user, village_a1, settings):
    settings.XJ_IMPORT_INLINE = False
    person = make_laborer(village=village_a1, note="")
    ids = [valid_id_number(), valid_id_number()]
    mine = services.import_batch_create(
        user=officer_a,
        kind="survey",
        file_name="a.xlsx",
        data=xlsx_bytes([noted(person, "X")], header=NOTE_HEADER),
    )
    first = services.import_batch_create(
        user=officer_a, kind="survey", file_name="b.xlsx", data=two_new(ids, "13800138000")
    )
    second = services.import_batch_create(
        user=officer_a, kind="survey", file_name="c.xlsx", data=two_new(ids, "13900139000")
    )
    assert run_tasks() == 3  # the background workers check the three uploads
    for batch in (mine, first, second):
        batch.refresh_from_db()
        assert batch.status == Status.PREVIEW

    county_edits_note(person, county_user, "县里改的")
    for batch in (mine, first):
        services.import_batch_confirm(batch=batch, user=officer_a)
    assert run_tasks() == 2
    services.import_batch_confirm(batch=second, user=officer_a)
    assert run_tasks() == 1

    for batch in (mine, first, second):
        batch.refresh_from_db()
    assert (mine.status, first.status, second.status) == (
        Status.PREVIEW,
        Status.APPLIED,
        Status.PREVIEW,
    )
    person.refresh_from_db()
    assert person.note == "县里改的"
    assert set(Laborer.objects.filter(id_number__in=ids).values_list("phone", flat=True)) == {
        "13800138000"
    }
    assert services.load_report(second).updated == 2
