"""Placing laborers at workshops and posts, ending placements, saving sites, and storing
attachments, each in one transaction.

The rules of a placement (seed 二(二), 二(六); issue 6), checked here and nowhere else:

1. The laborer is a registered poor laborer the officer may change (the views pass only
   ``Laborer.objects.editable_by(user)``) and is labor-capable.
2. The site takes placements: a workshop that has not been delisted, from its establishment
   date on; a post within its period.
3. Capacity: open placements never exceed a post's positions or a workshop's jobs. The site
   row is locked (``SELECT … FOR UPDATE``) before counting, so two officers placing into the
   last position at the same moment are serialised on PostgreSQL: the second one counts the
   first one's placement and is refused. (SQLite transactions here begin IMMEDIATE, which
   serialises every writer anyway.)
4. The laborer's current employment (the open episode; at most one per laborer) is handled
   as the officer says, never silently:
   - none open: a new episode starts;
   - ``END``: the open episode ends the day before the placement starts (people change
     jobs: a migrant worker who came home takes a workshop job);
   - ``LINK``: the open episode already is this kind of work but was recorded without its
     site (a survey import says "公益性岗位, 村委会"); it is linked and keeps its start date;
   - otherwise the placement is refused with a message that names the current job.
5. No overlap: the new episode may not overlap any other episode of the laborer; in
   particular a laborer holds at most one public-welfare post at a time.
6. Dates make sense: start ≤ today, end ≥ start, end ≤ today, end within the post period.
7. Across townships: the user placing (``by``) may change both the laborer and the site,
   so only the county places a laborer of one township at another township's site. Such a
   placement is then the laborer's township's to end or correct (``editable_by`` of the
   placement querysets), never the site's: the site's township sees it in its headcount
   with the dates and a masked name, and nothing of the person.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q

from laborers.choices import EmploymentKind
from laborers.models import EmploymentEpisode, Laborer, Program
from workshops import files
from workshops.choices import AttachmentKind, CurrentEmployment
from workshops.models import (
    Post,
    PostPlacement,
    Workshop,
    WorkshopAttachment,
    WorkshopPlacement,
)
from xiushan_jobs.lib.clock import today
from xiushan_jobs.lib.extensions import records_changed
from xiushan_jobs.lib.text import clean_text

#: the program a workshop placement belongs to: 就近就地 (seed 二(八) 二是, target 14)
LOCAL_PROGRAM_CODE = "local"
MAX_MONTHLY_PAY = Decimal(100000)

Site = Workshop | Post
AnyPlacement = WorkshopPlacement | PostPlacement


def _overlapping(
    laborer_id: int, start: datetime.date, end: datetime.date | None, *, exclude: list[int]
) -> EmploymentEpisode | None:
    """An episode of the laborer overlapping [start, end], with its post if it is one."""
    episodes = EmploymentEpisode.objects.overlapping(laborer_id, start, end, exclude=exclude)
    return episodes.select_related("postplacement__post").first()


def _site_kind(site: Site) -> str:
    return EmploymentKind.WORKSHOP if isinstance(site, Workshop) else EmploymentKind.WELFARE_POST


def _site_window_errors(site: Site, start: datetime.date) -> dict[str, str]:
    """A new placement starting on ``start``: the site takes placements then."""
    if isinstance(site, Workshop) and not site.accepts_placements:
        return {"__all__": f"“{site.name}”已于 {site.delisted_on:%Y-%m-%d} 摘牌，不能再安置。"}
    if isinstance(site, Post) and site.end_date and start > site.end_date:
        return {"start_date": f"岗位期限已于 {site.end_date:%Y-%m-%d} 结束，不能再安置。"}
    return _start_errors(site, start)


def _start_errors(site: Site, start: datetime.date) -> dict[str, str]:
    """A placement may not begin before the workshop was built or the post's period."""
    if isinstance(site, Workshop):
        if start < site.established_on:
            return {
                "start_date": f"“{site.name}”建成于 {site.established_on:%Y-%m-%d}，"
                "安置不能早于该日。"
            }
    elif start < site.start_date:
        return {"start_date": f"岗位期限从 {site.start_date:%Y-%m-%d} 开始，安置不能早于该日。"}
    return {}


def _end_errors(site: Site, end: datetime.date | None) -> dict[str, str]:
    """A placement's last day (``None``: still there) may not run past the post's period,
    nor past a workshop's delisting."""
    if isinstance(site, Post):
        if end is not None and site.end_date and end > site.end_date:
            return {"end_date": f"岗位期限到 {site.end_date:%Y-%m-%d} 为止，离岗日期不能晚于该日。"}
    elif site.delisted_on and (end is None or end > site.delisted_on):
        return {
            "end_date": f"“{site.name}”已于 {site.delisted_on:%Y-%m-%d} 摘牌，"
            "在此的安置应在摘牌日或之前结束。"
        }
    return {}


def _peak(
    site: Site,
    start: datetime.date,
    end: datetime.date | None,
    *,
    exclude_episode: int | None = None,
) -> tuple[int, datetime.date | None]:
    """The most placements at ``site`` on any one day of [start, end] (``end`` None: from
    ``start`` on), and the first day that many were in post. A placement occupies its
    position from its first to its last day."""
    model = WorkshopPlacement if isinstance(site, Workshop) else PostPlacement
    field = "workshop" if isinstance(site, Workshop) else "post"
    spans = model.objects.filter(**{field: site}).filter(
        Q(episode__end_date__isnull=True) | Q(episode__end_date__gte=start)
    )
    if end is not None:
        spans = spans.filter(episode__start_date__lte=end)
    if exclude_episode is not None:
        spans = spans.exclude(episode_id=exclude_episode)
    changes: list[tuple[datetime.date, int]] = []
    for first, last in spans.values_list("episode__start_date", "episode__end_date"):
        changes.append((max(first, start), 1))
        if last is not None and (end is None or last < end):
            changes.append((last + datetime.timedelta(days=1), -1))
    peak, peak_day, count = 0, None, 0
    # on one day, leavers (-1) go before arrivals (+1): the day after someone's last day
    # their position is free
    for day, change in sorted(changes):
        count += change
        if count > peak:
            peak, peak_day = count, day
    return peak, peak_day


def _capacity_errors(
    site: Site,
    start: datetime.date,
    end: datetime.date | None = None,
    *,
    exclude_episode: int | None = None,
) -> dict[str, str]:
    """Refuse a placement over [start, end] when on some day of it the site's jobs or
    positions are all taken, backdated placements included. Runs after the site row is
    locked."""
    taken, day = _peak(site, start, end, exclude_episode=exclude_episode)
    if isinstance(site, Workshop):
        capacity, what = site.jobs_offered, "就业岗位"
    else:
        capacity, what = site.positions, "岗位"
    if taken < capacity:
        return {}
    when = f"{day:%Y-%m-%d} 起" if day is not None and day > start else "此期间"
    return {
        "__all__": f"“{site.name}”的 {capacity} 个{what}已满（{when}在岗 {taken} 人）："
        "请先办理离岗、调整日期或增加岗位数。"
    }


def _lock(site: Site) -> Site:
    """The site, re-read with its row locked for the rest of the transaction."""
    return (
        type(site).objects.select_for_update(of=("self",)).select_related("village").get(pk=site.pk)
    )


def _raise(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)


def _check_may_place(*, site: Site, laborer: Laborer, by: Any) -> None:
    if not Laborer.objects.editable_by(by).filter(pk=laborer.pk).exists():
        _raise(
            {
                "__all__": f"您不能安置{laborer.name}：只有其户籍所在乡镇（街道）"
                "或县就业人才局可以安置。"
            }
        )
    if not type(site).objects.editable_by(by).filter(pk=site.pk).exists():
        _raise(
            {"__all__": f"“{site.name}”不是您管理的场所：跨乡镇（街道）安置须由县就业人才局办理。"}
        )


def placement_may_change(*, placement: AnyPlacement, by: Any) -> bool:
    """Whether ``by`` may end or correct ``placement``: the laborer's township or the
    county, never only the site's township (rule 7)."""
    return type(placement).objects.editable_by(by).filter(pk=placement.pk).exists()


class PlacementNotYours(PermissionDenied):
    """The user may see the placement (it is at their site) but not change it."""


@transaction.atomic
def placement_start(
    *,
    site: Site,
    laborer: Laborer,
    start_date: datetime.date | None,
    monthly_pay: Decimal | None = None,
    current: str = CurrentEmployment.NONE,
    note: str = "",
    by: Any = None,
) -> AnyPlacement:
    """Place ``laborer`` at ``site`` (a workshop or a post); see the module's rules. ``by``
    None is the system (demo data, tests of the other rules): no user to check."""
    if by is not None:
        _check_may_place(site=site, laborer=laborer, by=by)
    site = _lock(site)
    laborer = Laborer.objects.select_for_update(of=("self",)).get(pk=laborer.pk)
    kind = _site_kind(site)
    is_post = isinstance(site, Post)
    if monthly_pay is None and is_post:
        monthly_pay = site.monthly_subsidy
    if not laborer.is_labor_capable:
        _raise(
            {
                "__all__": f"{laborer.name}登记为“{laborer.labor_ability}”，不能安置；"
                "如情况有变，请先更新其劳动能力。"
            }
        )
    if monthly_pay is not None and not 0 <= monthly_pay <= MAX_MONTHLY_PAY:
        _raise({"monthly_pay": "月收入应在 0 至 100000 元之间。"})

    current_episode = (
        EmploymentEpisode.objects.select_for_update(of=("self",))
        .filter(laborer=laborer, end_date__isnull=True)
        .select_related("workshopplacement__workshop", "postplacement__post")
        .first()
    )
    linked_to = None
    if current_episode is not None:
        linked = getattr(current_episode, "workshopplacement", None) or getattr(
            current_episode, "postplacement", None
        )
        linked_to = linked.site if linked else None
    if linked_to is not None and linked_to == site:
        _raise(
            {"__all__": f"{laborer.name}已在“{site.name}”就业（{current_episode.describe()}）。"}
        )

    if current == CurrentEmployment.LINK:
        if current_episode is None:
            _raise(
                {"current": f"{laborer.name}当前没有未结束的就业，无需关联：请选择“当前未就业”。"}
            )
        if current_episode.kind != kind or linked_to is not None:
            where = (
                f"已关联到“{linked_to.name}”" if linked_to else f"类型是“{current_episode.kind}”"
            )
            _raise(
                {
                    "current": f"当前就业（{current_episode.describe()}）{where}，"
                    "不能关联到本场所：请选择“结束当前就业”。"
                }
            )
        start_date = current_episode.start_date
    elif start_date is None:
        _raise({"start_date": "请填写安置开始日期。"})
    elif current_episode is not None and current != CurrentEmployment.END:
        hint = (
            "如确是在此就业、只是登记时未填场所，请选择“关联到本场所”；"
            if current_episode.kind == kind and linked_to is None
            else ""
        )
        _raise(
            {
                "current": f"{laborer.name}当前有未结束的就业（{current_episode.describe()}）："
                f"{hint}如已离开原岗位，请选择“结束当前就业”。"
            }
        )
    elif current_episode is not None and start_date <= current_episode.start_date:
        _raise(
            {
                "start_date": f"当前就业从 {current_episode.start_date:%Y-%m-%d} 开始，"
                "新安置的开始日期必须晚于该日（当前就业将在新安置开始前一日结束）。"
            }
        )

    errors: dict[str, str] = {}
    if start_date > today():
        errors["start_date"] = "安置开始日期不能晚于今天。"
    errors.update(_site_window_errors(site, start_date))
    _raise(errors)

    exclude = [current_episode.pk] if current_episode is not None else []
    clash = _overlapping(laborer.pk, start_date, None, exclude=exclude)
    if clash is not None:
        post_clash = getattr(clash, "postplacement", None)
        if is_post and post_clash is not None:
            _raise(
                {
                    "start_date": f"{laborer.name}在“{post_clash.post.name}”的公益性岗位"
                    f"（{clash.describe()}）与此时间重叠：一人同一时间只能在一个公益性岗位。"
                }
            )
        _raise(
            {
                "start_date": f"与{laborer.name}已有的就业经历（{clash.describe()}）时间重叠："
                "请调整开始日期，或先更正那段经历。"
            }
        )
    _raise(_capacity_errors(site, start_date))

    try:
        with transaction.atomic():
            episode = _write_episode(
                site=site,
                laborer=laborer,
                start_date=start_date,
                monthly_pay=monthly_pay,
                current=current,
                current_episode=current_episode,
                note=clean_text(note),
            )
            if is_post:
                placement = PostPlacement.objects.create(post=site, episode=episode, created_by=by)
            else:
                placement = WorkshopPlacement.objects.create(
                    workshop=site, episode=episode, created_by=by
                )
            records_changed(laborer_ids={laborer.pk}, event=f"安置：{site}")
            return placement
    except IntegrityError:
        # The partial unique index (one open episode per laborer) caught a concurrent change
        # made outside this service, e.g. an episode started from the laborer's page.
        raise ValidationError(
            {"__all__": f"{laborer.name}的就业记录刚被他人修改，请刷新页面后重试。"}
        ) from None


def _write_episode(
    *, site, laborer, start_date, monthly_pay, current, current_episode, note
) -> EmploymentEpisode:
    program = None
    if isinstance(site, Workshop):
        program = Program.objects.filter(code=LOCAL_PROGRAM_CODE).first()
    place = f"{site.village.township.name}{site.village.name}"
    if current == CurrentEmployment.LINK:
        episode = current_episode
        episode.employer = site.name
        episode.place = place
        if isinstance(site, Workshop) and episode.program_id is None:
            episode.program = program
        if monthly_pay is not None:
            episode.monthly_income = monthly_pay
    else:
        if current_episode is not None:  # CurrentEmployment.END, checked by the caller
            current_episode.end_date = start_date - datetime.timedelta(days=1)
            current_episode.full_clean()
            current_episode.save()
        episode = EmploymentEpisode(
            laborer=laborer,
            kind=_site_kind(site),
            province="重庆市",
            employer=site.name,
            place=place,
            start_date=start_date,
            monthly_income=monthly_pay,
            program=program,
            note=note[:200],
        )
    episode.full_clean()
    episode.save()
    return episode


@transaction.atomic
def placement_end(
    *, placement: AnyPlacement, end_date: datetime.date, note: str = "", by: Any = None
) -> AnyPlacement:
    """End a placement: the episode gets its end date (the last day worked). ``by`` must
    be allowed to change it (rule 7); None is the system."""
    if by is not None and not placement_may_change(placement=placement, by=by):
        raise PlacementNotYours(
            "这名劳动力的户籍不在您的乡镇（街道）：离岗须由其户籍所在乡镇（街道）"
            "或县就业人才局办理。"
        )
    episode = EmploymentEpisode.objects.select_for_update(of=("self",)).get(pk=placement.episode_id)
    placement.episode = episode
    if episode.end_date is not None:
        _raise({"__all__": f"该安置已于 {episode.end_date:%Y-%m-%d} 结束。"})
    errors: dict[str, str] = {}
    if end_date < episode.start_date:
        errors["end_date"] = f"离岗日期不能早于安置开始日期 {episode.start_date:%Y-%m-%d}。"
    elif end_date > today():
        errors["end_date"] = "离岗日期不能晚于今天。"
    elif isinstance(placement, PostPlacement):
        errors.update(_end_errors(placement.post, end_date))
    _raise(errors)
    clash = _overlapping(episode.laborer_id, episode.start_date, end_date, exclude=[episode.pk])
    if clash is not None:
        _raise({"end_date": f"与已有的就业经历（{clash.describe()}）时间重叠，请核实日期。"})
    episode.end_date = end_date
    note = clean_text(note)
    if note:
        episode.note = "；".join(filter(None, [episode.note, f"离岗：{note}"]))[:200]
    episode.full_clean()
    episode.save()
    records_changed(laborer_ids={episode.laborer_id}, event="结束安置")
    return placement


def episode_site_rules(episode: EmploymentEpisode) -> dict[str, str]:
    """The site's rules for an episode placed there, when the episode is corrected or ended
    from the laborer's page (registered as an episode check in ``WorkshopsConfig.ready``):
    the kind stays the site's, the dates stay inside the site's window (a workshop from its
    establishment to its delisting, a post within its period), and changed dates never
    overfill the site."""
    if episode.pk is None:
        return {}
    placement = (
        WorkshopPlacement.objects.filter(episode_id=episode.pk)
        .select_related("workshop", "episode")
        .first()
        or PostPlacement.objects.filter(episode_id=episode.pk)
        .select_related("post", "episode")
        .first()
    )
    if placement is None:
        return {}
    site, saved = placement.site, placement.episode
    errors: dict[str, str] = {}
    kind = _site_kind(site)
    if episode.kind != kind:
        errors["kind"] = (
            f"这段就业是在{kind}“{site.name}”的安置，类型只能是“{kind}”；"
            f"如已离开，请结束这段就业，再登记新的工作。"
        )
    start, end = episode.start_date, episode.end_date
    errors.update(_start_errors(site, start))
    errors.update(_end_errors(site, end))
    if not errors and (start, end) != (saved.start_date, saved.end_date):
        full = _capacity_errors(site, start, end, exclude_episode=episode.pk)
        if full:
            errors["start_date"] = full["__all__"]
    return errors


@transaction.atomic
def site_save(*, site: Site) -> Site:
    """Save a new or changed workshop or post. Re-checks, with the row locked, that the
    change agrees with the placements recorded (capacity, dates): a placement made while
    the form was open is counted."""
    if site.pk is not None:
        type(site).objects.select_for_update().filter(pk=site.pk).exists()
        _raise(site.placement_conflicts())
    site.save()
    return site


class SiteInUse(Exception):
    """The site has placements or fundings and cannot be deleted."""


@transaction.atomic
def site_delete(*, site: Site) -> None:
    """Delete a site entered by mistake: only one that never had anyone placed and (for a
    workshop) no funding recorded; its photos and documents go with it."""
    site = _lock(site)
    if site.placements.exists():
        raise SiteInUse(f"“{site.name}”已有安置记录，不能删除；如已停办，请修改其状态或期限。")
    if isinstance(site, Workshop) and site.fundings.exists():
        raise SiteInUse(f"“{site.name}”已登记资金支持，不能删除。")
    if isinstance(site, Workshop):
        for attachment in site.attachments.all():
            attachment_delete(attachment=attachment)
    site.delete()


@transaction.atomic
def attachment_add(
    *, workshop: Workshop, upload: UploadedFile, title: str = "", by: Any = None
) -> WorkshopAttachment:
    """Store a photo or document of ``workshop``: size limited, type recognised from the
    content, saved under a generated name. ``files.FileRefused`` says why not."""
    files.check_size(upload.size)
    found = files.detect(upload)
    attachment = WorkshopAttachment(
        workshop=workshop,
        kind=AttachmentKind.PHOTO if found.is_image else AttachmentKind.DOCUMENT,
        title=clean_text(title)[:80],
        original_name=files.display_name(upload.name or ""),
        content_type=found.content_type,
        size=upload.size,
        uploaded_by=by,
    )
    attachment.file.save(f"upload{found.suffix}", upload, save=False)
    stored = attachment.file.name
    try:
        attachment.save()
    except Exception:
        attachment.file.storage.delete(stored)
        raise
    return attachment


@transaction.atomic
def attachment_delete(*, attachment: WorkshopAttachment) -> None:
    """Delete the record, and the file once the deletion is committed."""
    storage, name = attachment.file.storage, attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(name))
