"""Factories for tests, in one place. Plain functions with sensible defaults; every
laborer gets a fresh valid ID number."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from accounts.services import user_upsert
from laborers import choices
from laborers.models import (
    EmploymentEpisode,
    Household,
    Laborer,
    Service,
    Township,
    Village,
)
from xiushan_jobs.lib.idnumber import with_check_digit

_seq = itertools.count(1)


def valid_id_number(
    birth: datetime.date = datetime.date(1985, 6, 15), *, male: bool = True, region: str = "500241"
) -> str:
    """A fresh, valid ID number (unique within a test run)."""
    n = next(_seq)
    seq = (n % 500) * 2 + (1 if male else 0)
    birth = birth + datetime.timedelta(days=n // 500)
    return with_check_digit(f"{region}{birth:%Y%m%d}{seq:03d}")


def make_village(township: Township | str, name: str | None = None, **kwargs: Any) -> Village:
    if isinstance(township, str):
        township = Township.objects.get(name=township)
    return Village.objects.create(township=township, name=name or f"测试{next(_seq)}村", **kwargs)


def household_number(sequence: int, village: Village | None = None) -> str:
    """A valid 户编号: the village's prefix (its code, or the county's code padded to the
    twelve digits of a village code) and a five-digit sequence."""
    prefix = village.code if village is not None and village.code else "500241000000"
    return f"{prefix}{sequence:05d}"


def make_household(village: Village, **kwargs: Any) -> Household:
    kwargs.setdefault("number", household_number(next(_seq), village))
    return Household.objects.create(village=village, **kwargs)


def make_laborer(
    household: Household | None = None,
    *,
    village: Village | None = None,
    birth: datetime.date = datetime.date(1985, 6, 15),
    male: bool = True,
    **kwargs: Any,
) -> Laborer:
    if household is None:
        household = make_household(village)
    laborer = Laborer(household=household, name=kwargs.pop("name", "张三"), **kwargs)
    laborer.set_id_number(kwargs.pop("id_number", None) or valid_id_number(birth, male=male))
    laborer.save()
    return laborer


def make_episode(
    laborer: Laborer,
    kind: str = choices.EmploymentKind.IN_COUNTY,
    start: datetime.date = datetime.date(2020, 3, 1),
    end: datetime.date | None = None,
    **kwargs: Any,
) -> EmploymentEpisode:
    if kind == choices.EmploymentKind.OUTSIDE:
        kwargs.setdefault("province", "广东省")
    return EmploymentEpisode.objects.create(
        laborer=laborer, kind=kind, start_date=start, end_date=end, **kwargs
    )


def make_service(
    laborer: Laborer,
    kind: str = choices.ServiceKind.POLICY,
    date: datetime.date = datetime.date(2020, 4, 1),
    **kwargs: Any,
) -> Service:
    return Service.objects.create(laborer=laborer, kind=kind, date=date, **kwargs)


def make_user(username: str, role: str, *, township=None, village=None, password="pw-test-123"):
    user, _ = user_upsert(
        username=username, role=role, township=township, village=village, password=password
    )
    return user


# --- workshops: 扶贫车间和公益性岗位 ---------------------------------------------------------


def make_workshop(village: Village, **kwargs: Any):
    from workshops.models import Workshop

    kwargs.setdefault("name", f"测试扶贫车间{next(_seq)}")
    kwargs.setdefault("operator_kind", "企业")
    kwargs.setdefault("operator_name", "秀山县测试服饰有限公司")
    kwargs.setdefault("contact_name", "王经理")
    kwargs.setdefault("industry", "服装鞋帽加工")
    kwargs.setdefault("established_on", datetime.date(2019, 5, 1))
    kwargs.setdefault("status", "已认定")
    if kwargs["status"] != "申报中":
        kwargs.setdefault("recognised_on", kwargs["established_on"] + datetime.timedelta(days=30))
    kwargs.setdefault("jobs_offered", 20)
    return Workshop.objects.create(village=village, **kwargs)


def make_post(village: Village, **kwargs: Any):
    from workshops.models import Post

    kwargs.setdefault("name", f"测试保洁岗{next(_seq)}")
    kwargs.setdefault("kind", "保洁环卫")
    kwargs.setdefault("department", "人社")
    kwargs.setdefault("positions", 2)
    kwargs.setdefault("monthly_subsidy", 800)
    kwargs.setdefault("funding_source", "就业补助资金")
    kwargs.setdefault("start_date", datetime.date(2020, 1, 1))
    return Post.objects.create(village=village, **kwargs)


def make_funding(workshop, source: str = "财政涉农资金", **kwargs: Any):
    from workshops.models import WorkshopFunding

    if source == "财政涉农资金":
        kwargs.setdefault("amount", 200000)
    else:
        kwargs.setdefault("equipment", "工业缝纫机 10 台")
    kwargs.setdefault("date", datetime.date(2020, 4, 1))
    return WorkshopFunding.objects.create(workshop=workshop, source=source, **kwargs)


# --- rectification (整改任务) -------------------------------------------------------------

PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG_BYTES = (  # a real 1×1 red pixel
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99"
    b"=\x1d\x00\x00\x00\x00IEND\xaeB`\x82"
)


def make_upload(name: str = "佐证材料.pdf", content: bytes = PDF_BYTES):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def seeded_task(measure_number: int):
    """One of the nine tasks the data migration loads (measure numbers are unique among them)."""
    from rectification.models import Task

    return Task.objects.select_related("source").get(measure_number=measure_number)


def make_task(measure_number: int | None = None, **kwargs: Any):
    from rectification.models import Source, Task

    source, _ = Source.objects.get_or_create(
        code="test-source", defaults={"name": "测试反馈问题", "short_name": "测试", "sort_order": 9}
    )
    kwargs.setdefault("category", "测试问题类别")
    kwargs.setdefault("measure", "测试整改措施。按期完成。")
    kwargs.setdefault("deadline", datetime.date(2020, 12, 31))
    kwargs.setdefault("deadline_text", "2020年12月底前完成")
    kwargs.setdefault("lead_unit", "县就业人才局")
    # measure numbers are small integers; the shared sequence grows past them in a long run
    return Task.objects.create(
        source=source, measure_number=measure_number or 1000 + next(_seq) % 30000, **kwargs
    )


def make_report(task, by, *, date: datetime.date | None = None, text="推进情况。", files=()):
    from rectification.services import report_add

    return report_add(
        task=task, by=by, date=date or datetime.date(2020, 6, 1), text=text, files=list(files)
    )


# --- training and entrepreneurship (技能培训和创业扶持) ----------------------------------------


def make_training_class(township=None, trade: str = "苗绣", **kwargs: Any):
    """A class of ``trade`` (by name), finished in May 2020 unless told otherwise; county
    level when ``township`` is None."""
    from laborers.models import Program
    from training.models import Trade, TrainingClass

    program = kwargs.pop("program", None)
    if isinstance(program, str):
        program = Program.objects.get(code=program)
    kwargs.setdefault("name", f"测试{trade}培训班{next(_seq)}")
    kwargs.setdefault("format", "扶贫专班")
    kwargs.setdefault("organizer", "秀山县就业培训中心")
    kwargs.setdefault("funding_source", "就业专项资金")
    kwargs.setdefault("place", "秀山县就业培训中心")
    kwargs.setdefault("start_date", datetime.date(2020, 5, 1))
    kwargs.setdefault("end_date", datetime.date(2020, 5, 10))
    kwargs.setdefault("hours", 60)
    kwargs.setdefault("status", "已结业")
    kwargs.setdefault("poor_daily_subsidy", 100)
    kwargs.setdefault(
        "non_poor_daily_subsidy", 0 if kwargs["funding_source"] == "东西部扶贫协作资金" else 50
    )
    klass = TrainingClass(
        township=township, trade=Trade.objects.get(name=trade), program=program, **kwargs
    )
    klass.full_clean()
    klass.save()
    return klass


def make_enrollment(training_class, laborer=None, **kwargs: Any):
    """A trainee: ``laborer`` (poor) or, without one, a non-poor trainee with a fresh ID."""
    from training.models import Enrollment

    if laborer is None:
        kwargs.setdefault("name", "李四")
        kwargs.setdefault("id_number", valid_id_number(region="500242"))
    enrollment = Enrollment(training_class=training_class, laborer=laborer, **kwargs)
    enrollment.full_clean()
    enrollment.save()
    return enrollment


def make_mentor(**kwargs: Any):
    from training.models import Mentor

    kwargs.setdefault("name", f"导师{next(_seq)}")
    kwargs.setdefault("specialty", "电子商务")
    return Mentor.objects.create(**kwargs)


def make_loan(laborer, **kwargs: Any):
    from training.models import BusinessLoan

    kwargs.setdefault("bank", "重庆农村商业银行秀山支行")
    kwargs.setdefault("amount", 100000)
    kwargs.setdefault("project", "农家乐")
    kwargs.setdefault("applied_on", datetime.date(2020, 3, 1))
    if kwargs.setdefault("status", "发放") in ("发放", "还清", "逾期"):
        kwargs.setdefault("disbursed_on", datetime.date(2020, 3, 20))
        kwargs.setdefault("due_on", datetime.date(2022, 3, 19))
    loan = BusinessLoan(laborer=laborer, **kwargs)
    loan.full_clean()
    loan.save()
    return loan


def make_station(number: str | None = None, **kwargs: Any):
    from training.models import WorkStation

    kwargs.setdefault("base", "秀山县创业孵化基地")
    kwargs.setdefault("opened_on", datetime.date(2019, 9, 1))
    return WorkStation.objects.create(number=number or f"{next(_seq):03d}", **kwargs)


# --- recruitment events (transfer) and the dashboard ----------------------------------------


def make_recruitment_event(
    township=None, program_code: str | None = None, *, employers=(), **kwargs: Any
):
    """An event (county-level without ``township``) of the program ``program_code``, with
    ``employers`` given as ``(name, positions, graduate_positions)``."""
    from laborers.models import Program
    from transfer.models import EventEmployer, EventKind, RecruitmentEvent

    kwargs.setdefault("title", "招聘会")
    kwargs.setdefault("kind", EventKind.SPECIAL)
    kwargs.setdefault("date", datetime.date(2020, 5, 10))
    kwargs.setdefault("organizer", "县就业人才局")
    event = RecruitmentEvent.objects.create(
        township=township,
        program=Program.objects.get(code=program_code) if program_code else None,
        **kwargs,
    )
    for name, positions, graduates in employers:
        EventEmployer.objects.create(
            event=event, name=name, positions=positions, graduate_positions=graduates
        )
    return event


def import_messages(result) -> str:
    """Every message of a django-import-export result's bad rows: validation errors and
    row errors, as one string to search."""
    return " ".join(
        str(error)
        for invalid in result.invalid_rows
        for errors in invalid.error_dict.values()
        for error in errors
    ) + " ".join(str(e.error) for _, errors in result.row_errors() for e in errors)


def run_tasks() -> int:
    """Run every background task waiting in the database queue, in this process, as a
    ``db_worker`` would (without its connection recycling, which would end the test's
    transaction). Returns the number of tasks run."""
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="tests",
        excluded_queue_names=[],
    )
    ran = 0
    while (result := DBTaskResult.objects.ready().order_by("enqueued_at").first()) is not None:
        result.claim(worker.worker_id)
        worker.run_task(result)
        ran += 1
    return ran
