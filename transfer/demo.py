"""Demo recruitment events: town job fairs, Hechuan targeted recruitment for graduates,
Shandong and Chongqing-electronics special sessions, with a few hires each."""

from __future__ import annotations

import datetime

from django.db.models import Max

from laborers.choices import EmploymentIntention, EmploymentKind
from laborers.models import EmploymentEpisode, Laborer, Program, Township
from transfer.models import Employer, EventEmployer, EventKind, RecruitmentEvent
from transfer.services import employer_register, hire_record
from xiushan_jobs.lib.clock import today

EMPLOYERS = {
    "hechuan": [
        ("合川区某电子科技公司", "合川区", 40, 25),
        ("合川区某汽配企业", "合川区", 30, 20),
        ("合川区某物流公司", "合川区", 20, 15),
    ],
    "cq-electronics": [
        ("重庆京东方", "重庆两江新区", 60, 5),
        ("重庆惠科金渝", "重庆巴南区", 50, 5),
    ],
    "luyu": [("德州某纺织企业", "山东省德州市", 30, 0), ("德州某食品企业", "山东省德州市", 20, 0)],
    None: [
        ("秀山县工业园区企业", "秀山县", 40, 3),
        ("秀山物流园区", "秀山县", 25, 2),
        ("县城餐饮服务企业", "秀山县", 15, 0),
    ],
}


#: the demo's employers the county lists as 重庆重点电子企业 (target 12); the car-parts plant
#: and the building sites in Chongqing are not
KEY_ELECTRONICS = ["重庆京东方", "重庆惠科金渝", "重庆富士康"]


def seed_employers() -> None:
    """The county's employer list: every employer the demo's jobs and events name, the
    Chongqing electronics firms flagged."""
    names = {name for employers in EMPLOYERS.values() for name, *_ in employers}
    names |= set(EmploymentEpisode.objects.exclude(employer="").values_list("employer", flat=True))
    for name in sorted(names):  # a few dozen rows, each with its history row
        Employer.objects.get_or_create(
            name=name, defaults={"is_key_electronics": name in KEY_ELECTRONICS}
        )


def _add_employers(event: RecruitmentEvent, code: str) -> None:
    for name, location, positions, graduates in EMPLOYERS[code]:
        EventEmployer.objects.create(
            event=event,
            employer=employer_register(name=name, location=location, by=None),
            name=name,
            location=location,
            positions=positions,
            graduate_positions=graduates,
        )


def seed_events(*, rng, stdout) -> None:
    programs = {p.code: p for p in Program.objects.all()}
    townships = list(Township.objects.all())
    day = today()
    events = []
    for month_back in range(8, 0, -1):
        date = day - datetime.timedelta(days=30 * month_back + rng.randint(0, 10))
        for code, kind, title in (
            ("hechuan", EventKind.SPECIAL, "合川区对口帮扶贫困高校毕业生定向招聘"),
            (None, EventKind.TOWN_FAIR, "场镇招聘会"),
        ):
            township = None if code else rng.choice(townships)
            event = RecruitmentEvent.objects.create(
                title=f"{township.name if township else ''}{title}",
                kind=kind,
                date=date,
                township=township,
                place=f"{township.name}场镇" if township else "县人力资源市场",
                organizer="县就业人才局" if not township else f"{township.name}人民政府",
                program=programs.get(code) if code else None,
                attendees=rng.randint(120, 400),
                poor_attendees=rng.randint(30, 110),
            )
            _add_employers(event, code)
            events.append(event)
    for code, title in (
        ("luyu", "鲁渝劳务协作专场招聘"),
        ("cq-electronics", "重庆重点电子企业专场招聘"),
    ):
        event = RecruitmentEvent.objects.create(
            title=title,
            kind=EventKind.ONLINE if code == "luyu" else EventKind.SPECIAL,
            date=day - datetime.timedelta(days=rng.randint(60, 150)),
            place="线上" if code == "luyu" else "县人力资源市场",
            organizer="县就业人才局",
            program=programs[code],
            attendees=rng.randint(150, 300),
            poor_attendees=rng.randint(50, 120),
        )
        _add_employers(event, code)
        events.append(event)
    hires = 0
    # Deterministic for the seed: candidates in id order, drawn with the seeded generator.
    pool = list(
        Laborer.objects.unemployed()
        .willing_to_work()
        .filter(
            employment_intention__in=[
                EmploymentIntention.ANY,
                EmploymentIntention.IN_CITY,
                EmploymentIntention.OUTSIDE,
            ]
        )
        .order_by("pk")[:3000]
    )
    # a hire starts after the candidate's last job ended (one job at a time)
    last_end = dict(
        EmploymentEpisode.objects.filter(laborer__in=pool)
        .values("laborer")
        .annotate(last=Max("end_date"))
        .values_list("laborer", "last")
    )
    for event in events:
        if len(pool) < 6:
            break
        candidates = [pool.pop(rng.randrange(len(pool))) for _ in range(rng.randint(2, 6))]
        employers = list(event.employers.all())
        for laborer in candidates:
            employer = rng.choice(employers)
            outside = "山东" in employer.location
            in_county = employer.location == "秀山县"
            kind = (
                EmploymentKind.OUTSIDE
                if outside
                else EmploymentKind.IN_COUNTY
                if in_county
                else EmploymentKind.IN_CITY
            )
            start = min(day, event.date + datetime.timedelta(days=rng.randint(3, 20)))
            if last_end.get(laborer.pk) and last_end[laborer.pk] >= start:
                continue
            hire_record(
                event=event,
                employer=employer,
                laborer=laborer,
                kind=kind,
                province="山东省" if outside else "",
                start_date=start,
                monthly_income=rng.randint(2800, 5200),
                by=None,
            )
            hires += 1
    seed_employers()
    stdout.write(f"招聘活动：{len(events)} 场，录用 {hires} 人")
