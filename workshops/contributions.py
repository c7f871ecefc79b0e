"""What this app adds to shared pages (registered in ``WorkshopsConfig.ready``): a warning,
and a section of the laborer detail page."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from workshops import selectors
from workshops.models import Post, PostPlacement, Workshop, WorkshopPlacement
from xiushan_jobs.lib.extensions import DetailSection, Warning
from xiushan_jobs.lib.roles import Role
from xiushan_jobs.lib.scope import role_of

EDITORS = (Role.COUNTY, Role.TOWNSHIP)


UNPLACED_WARNING_KEY = "workshops.unplaced"


def unplaced_warning(user: Any) -> list[Warning]:
    """Willing laborers who cannot find work and are not in a public-welfare post (seed
    二(六): 对确有困难的未就业贫困劳动力全部兜底临时性安置). One COUNT query; the URL lists
    exactly the counted laborers."""
    figure = selectors.hard_to_employ_unplaced(user=user)
    return [unplaced_warning_line(figure.count, figure.url)]


def unplaced_warning_line(count: int, url: str) -> Warning:
    """The warning's line for a count already known (the dashboard has it: target 8's
    denominator less its numerator)."""
    return Warning(
        key=UNPLACED_WARNING_KEY,
        label="有就业意愿、一时难以就业且未安置公益性岗位的劳动力",
        count=count,
        url=url,
        help="有劳动能力、有就业意愿，当前没有就业：请推荐岗位，确有困难的安置公益性岗位。",
        severity="warn",
    )


def laborer_section(laborer: Any, user: Any) -> DetailSection | None:
    """The laborer's workshop and post placements, current and past, with a link to place
    them. Four queries whatever the number of placements: the two kinds of placement and
    which of their sites the user may open."""
    rows = []
    for kind, label, placement_model, site_model in (
        ("workshop", "扶贫车间", WorkshopPlacement, Workshop),
        ("post", "公益性岗位", PostPlacement, Post),
    ):
        placements = list(
            placement_model.objects.filter(episode__laborer=laborer).select_related(
                "episode", f"{kind}__village__township"
            )
        )
        if not placements:
            continue
        sites = {p.pk: getattr(p, kind) for p in placements}
        visible = set(
            site_model.objects.visible_to(user)
            .filter(pk__in=[site.pk for site in sites.values()])
            .values_list("pk", flat=True)
        )
        # The user sees this laborer's record, so a county or township user is on the
        # laborer's side and may end the placement wherever it is (the placement
        # querysets' ``editable_by``): no query needed to tell.
        may_end = role_of(user) in EDITORS
        for placement in placements:
            site = sites[placement.pk]
            rows.append(
                {
                    "kind": label,
                    "site": site,
                    "episode": placement.episode,
                    "placement": placement,
                    "url": reverse(f"workshops:{kind}_detail", args=[site.pk])
                    if site.pk in visible
                    else "",
                    "end_url": reverse(f"workshops:{kind}_placement_end", args=[placement.pk])
                    if may_end and placement.episode.end_date is None
                    else "",
                }
            )
    # current placement first, then the most recent
    rows.sort(
        key=lambda r: (r["episode"].end_date is not None, -r["episode"].start_date.toordinal())
    )
    can_place = role_of(user) in EDITORS and laborer.is_labor_capable
    if not rows and not can_place:
        return None
    return DetailSection(
        title="扶贫车间和公益性岗位",
        template="workshops/_laborer_section.html",
        context={
            "placements": rows,
            "can_place": can_place,
            "place_url": reverse("workshops:laborer_place", args=[laborer.pk]),
        },
    )
