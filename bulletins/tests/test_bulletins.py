"""通报: drafted as of a period's end, numbered and frozen when issued, rendered as an
official document (.docx) and a PDF from it."""

import datetime
import os
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from docx import Document

from bulletins.compile import compile_figures
from bulletins.models import Bulletin
from bulletins.pdf import soffice
from bulletins.services import bulletin_create, bulletin_issue, bulletin_pdf, figures_of
from dashboard.selectors import board
from laborers.choices import EmploymentIntention
from xiushan_jobs.testing import make_episode, make_laborer

JUNE = datetime.date(2020, 6, 15)


@pytest.fixture
def county_with_people(village_a1, village_b1):
    willing = {"employment_intention": EmploymentIntention.IN_COUNTY}
    a = [make_laborer(village=village_a1, **willing) for _ in range(4)]
    b = [make_laborer(village=village_b1, **willing) for _ in range(4)]
    for laborer in a[:3] + b[:1]:
        make_episode(laborer, start=datetime.date(2020, 3, 1))
    return a, b


def draft(county_user, **text):
    bulletin = bulletin_create(by=county_user, period=Bulletin.Period.MONTH, day=JUNE)
    bulletin.problems = text.get("problems", "一是部分乡镇进度滞后。")
    bulletin.next_steps = text.get("next_steps", "一是加强岗位推送。")
    bulletin.save()
    return bulletin


def test_a_period_runs_to_its_last_day(county_user):
    month = bulletin_create(by=county_user, period=Bulletin.Period.MONTH, day=JUNE)
    quarter = bulletin_create(by=county_user, period=Bulletin.Period.QUARTER, day=JUNE)
    assert (month.period_start, month.period_end) == (
        datetime.date(2020, 6, 1),
        datetime.date(2020, 6, 30),
    )
    assert quarter.period_start == datetime.date(2020, 4, 1)
    assert quarter.title == "关于2020年第2季度全县就业扶贫工作进展情况的通报"


def test_issued_figures_equal_the_board_as_of_the_period_end(county_user, county_with_people):
    bulletin = bulletin_issue(bulletin=draft(county_user), by=county_user)
    county_board = board(county_user, day=bulletin.period_end)
    assert bulletin.figures["as_of"] == "2020-06-30"
    by_number = {t["number"]: t for t in bulletin.figures["targets"]}
    for card in county_board.cards:
        if card.reading is None:
            continue
        issued = by_number[card.target.number]
        assert issued["numerator"] == card.reading.numerator.value, card.target
        if card.reading.denominator:
            assert issued["denominator"] == card.reading.denominator.value, card.target
    # 中和街道 (3 of 4 willing at work) ranks above 隘口镇 (1 of 4) on target 20
    rows = {r["township"]: r for r in bulletin.figures["ranking"]["rows"]}
    assert rows["中和街道"]["rank"] < rows["隘口镇"]["rank"]


def test_issuing_numbers_the_year_and_freezes(county_user, county_with_people):
    first = bulletin_issue(bulletin=draft(county_user), by=county_user)
    second = bulletin_issue(bulletin=draft(county_user), by=county_user)
    assert (first.number, second.number) == (1, 2)
    assert second.doc_number == "秀山就业扶贫通报〔2020〕第 2 期"
    frozen, document = first.figures, first.docx.open("rb").read()

    _a, b = county_with_people
    for laborer in b[1:]:  # everyone in 隘口镇 at work now
        make_episode(laborer, start=datetime.date(2020, 5, 1))
    first.refresh_from_db()
    assert figures_of(first, user=county_user) == frozen
    assert first.docx.open("rb").read() == document
    later = draft(county_user)
    assert figures_of(later, user=county_user) != frozen  # a draft counts today's records
    with pytest.raises(ValidationError):
        bulletin_issue(bulletin=first, by=county_user)


def test_a_draft_says_what_changed_since_the_previous_bulletin(
    client, county_user, county_with_people
):
    bulletin_issue(bulletin=draft(county_user), by=county_user)
    _a, b = county_with_people
    for laborer in b[1:]:
        make_episode(laborer, start=datetime.date(2020, 5, 1))
    later = draft(county_user)
    client.force_login(county_user)
    text = client.get(f"/bulletins/{later.pk}/").content.decode()
    assert "与上期（秀山就业扶贫通报〔2020〕第 1 期）相比" in text
    assert "有意愿劳动力全部务工就业" in text and "隘口镇：第" in text


def test_issuing_needs_the_bureaus_text(county_user):
    bulletin = draft(county_user, problems="  ")
    with pytest.raises(ValidationError, match="问题与建议"):
        bulletin_issue(bulletin=bulletin, by=county_user)
    bulletin.refresh_from_db()
    assert bulletin.number is None and bulletin.status == Bulletin.Status.DRAFT


def test_the_document_is_an_official_document(county_user, county_with_people):
    bulletin = bulletin_issue(bulletin=draft(county_user), by=county_user)
    document = Document(BytesIO(bulletin.docx.open("rb").read()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "秀山就业扶贫通报〔2020〕第 1 期" in text
    assert bulletin.title in text
    assert "一是部分乡镇进度滞后。" in text and "一是加强岗位推送。" in text
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.top_margin.mm) == 37
    assert round(section.left_margin.mm) == 28
    body = document.paragraphs[-1]  # the date line, in 仿宋 三号
    run = body.runs[0]
    assert run.font.size.pt == 16
    assert (
        run._element.rPr.rFonts.get(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
        )
        == "仿宋_GB2312"
    )
    footer_xml = section.footer.paragraphs[0]._p.xml
    assert "PAGE" in footer_xml  # page numbers
    tables = document.tables
    assert len(tables[0].rows) == 1 + len(bulletin.figures["targets"])
    townships = [row.cells[1].text for row in tables[1].rows[1:]]
    assert "中和街道" in townships and "隘口镇" in townships


@pytest.mark.skipif(
    soffice() is None and os.environ.get("XJ_REQUIRE_BROWSER") != "1",
    reason="LibreOffice is not installed (apt-get install libreoffice-writer-nogui)",
)
def test_the_pdf_is_rendered_from_the_document_and_kept(county_user, county_with_people):
    bulletin = bulletin_issue(bulletin=draft(county_user), by=county_user)
    content = bulletin_pdf(bulletin, user=county_user)
    assert content.startswith(b"%PDF")
    bulletin.refresh_from_db()
    assert bulletin.pdf.name.endswith(".pdf")  # made once, served as kept afterwards


def test_township_officers_read_the_issued_bulletins_that_name_them(
    client, county_user, officer_a, village_officer, leader, county_with_people
):
    issued = bulletin_issue(bulletin=draft(county_user), by=county_user)
    pending = draft(county_user)
    client.force_login(officer_a)
    listing = client.get("/bulletins/").content.decode()
    assert issued.doc_number in listing and "草稿" not in listing
    assert client.get(f"/bulletins/{issued.pk}/docx/").status_code == 200
    assert client.get(f"/bulletins/{pending.pk}/").status_code == 404
    assert client.post(f"/bulletins/{pending.pk}/issue/").status_code == 403
    client.force_login(village_officer)
    assert client.get("/bulletins/").status_code == 403
    client.force_login(leader)
    assert client.get(f"/bulletins/{pending.pk}/").status_code == 200
    assert client.post(f"/bulletins/{pending.pk}/issue/").status_code == 403
    pending.refresh_from_db()
    assert not pending.is_issued


def test_the_county_drafts_edits_and_issues_through_the_pages(
    client, county_user, county_with_people
):
    client.force_login(county_user)
    response = client.post("/bulletins/new/", {"period": "quarter", "day": "2020-06-15"})
    bulletin = Bulletin.objects.get()
    assert response.status_code == 302 and bulletin.period_end == datetime.date(2020, 6, 30)
    client.post(
        f"/bulletins/{bulletin.pk}/edit/",
        {"title": bulletin.title, "problems": "问题一。", "next_steps": "下步一。"},
    )
    client.post(f"/bulletins/{bulletin.pk}/issue/")
    bulletin.refresh_from_db()
    assert bulletin.is_issued and bulletin.number == 1
    assert set(bulletin.named_townships.values_list("name", flat=True)) >= {"中和街道", "隘口镇"}
    assert client.get(f"/bulletins/{bulletin.pk}/edit/").status_code == 403  # frozen


def test_compiled_figures_are_plain_json(county_user, county_with_people):
    import json

    figures = compile_figures(user=county_user, as_of=datetime.date(2020, 6, 30))
    assert json.loads(json.dumps(figures)) == figures


def test_list_queries_do_not_grow(client, county_user, django_assert_max_num_queries):
    for _ in range(3):
        draft(county_user)
    client.force_login(county_user)
    # session, user, count, the page of bulletins
    with django_assert_max_num_queries(5):
        assert client.get("/bulletins/").status_code == 200


def test_the_document_survives_text_stored_with_control_characters(
    county_user, county_with_people, township_a
):
    """Text stored before the input rule (or straight into the database) with characters no
    XML document can carry: the document is still written, without them."""
    from laborers.models import Township

    Township.objects.filter(pk=township_a.pk).update(name="中和\x1b街道")
    bulletin = bulletin_issue(
        bulletin=draft(county_user, problems="一是\x07部分乡镇\u202e进度滞后。"), by=county_user
    )
    document = Document(BytesIO(bulletin.docx.open("rb").read()))
    assert "一是部分乡镇进度滞后。" in "\n".join(p.text for p in document.paragraphs)
    townships = [row.cells[1].text for row in document.tables[1].rows[1:]]
    assert "中和街道" in townships
