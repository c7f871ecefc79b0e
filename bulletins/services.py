"""Drafting, issuing and rendering bulletins."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from bulletins.compile import compile_figures
from bulletins.document import bulletin_docx
from bulletins.models import Bulletin, period_bounds
from bulletins.pdf import docx_to_pdf
from laborers.models import Township


def default_title(period: str, start: datetime.date) -> str:
    label = (
        f"{start.year}年第{(start.month - 1) // 3 + 1}季度"
        if period == Bulletin.Period.QUARTER
        else f"{start.year}年{start.month}月"
    )
    return f"关于{label}全县就业扶贫工作进展情况的通报"


def bulletin_create(*, by: Any, period: str, day: datetime.date, title: str = "") -> Bulletin:
    start, end = period_bounds(period, day)
    return Bulletin.objects.create(
        year=end.year,
        period=period,
        period_start=start,
        period_end=end,
        title=title or default_title(period, start),
        created_by=by,
    )


def figures_of(bulletin: Bulletin, *, user: Any) -> dict[str, Any]:
    """The bulletin's figures: frozen once issued, computed as of its period's end before."""
    if bulletin.is_issued:
        return bulletin.figures
    return compile_figures(user=user, as_of=bulletin.period_end)


def previous_issued(bulletin: Bulletin) -> Bulletin | None:
    issued = Bulletin.objects.filter(status=Bulletin.Status.ISSUED).exclude(pk=bulletin.pk)
    return (
        issued.filter(period_end__lte=bulletin.period_end)
        .order_by("-period_end", "-number")
        .first()
    )


@transaction.atomic
def bulletin_issue(*, bulletin: Bulletin, by: Any) -> Bulletin:
    """Number it (the year's next), freeze its figures and text, write its Word document."""
    bulletin = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
    if bulletin.is_issued:
        raise ValidationError("这期通报已经印发，不能再次印发。")
    if not bulletin.problems.strip() or not bulletin.next_steps.strip():
        raise ValidationError("请先填写“问题与建议”和“下步工作”再印发。")
    # the year's numbers are taken under a lock on the year's bulletins
    last = (
        Bulletin.objects.select_for_update()
        .filter(year=bulletin.year, number__isnull=False)
        .aggregate(n=Max("number"))["n"]
    )
    bulletin.number = (last or 0) + 1
    bulletin.figures = compile_figures(user=by, as_of=bulletin.period_end)
    bulletin.status = Bulletin.Status.ISSUED
    bulletin.issued_by = by
    bulletin.issued_at = timezone.now()
    content = bulletin_docx(bulletin, bulletin.figures)
    bulletin.docx.save(
        f"bulletin-{bulletin.year}-{bulletin.number}.docx", ContentFile(content), save=False
    )
    bulletin.save()
    ids = [row["township_id"] for row in bulletin.figures["ranking"]["rows"]]
    bulletin.named_townships.set(Township.objects.filter(pk__in=ids))
    return bulletin


def bulletin_document(bulletin: Bulletin, *, user: Any) -> bytes:
    """The Word document: as issued, or the draft's as of now."""
    if bulletin.is_issued and bulletin.docx:
        with bulletin.docx.open("rb") as handle:
            return handle.read()
    return bulletin_docx(bulletin, figures_of(bulletin, user=user))


def bulletin_pdf(bulletin: Bulletin, *, user: Any) -> bytes:
    """The PDF rendered from the Word document; an issued bulletin's is kept once made."""
    if bulletin.is_issued and bulletin.pdf:
        with bulletin.pdf.open("rb") as handle:
            return handle.read()
    content = docx_to_pdf(bulletin_document(bulletin, user=user))
    if bulletin.is_issued:
        bulletin.pdf.save(
            f"bulletin-{bulletin.year}-{bulletin.number}.pdf", ContentFile(content), save=False
        )
        Bulletin.objects.filter(pk=bulletin.pk).update(pdf=bulletin.pdf.name)
    return content
