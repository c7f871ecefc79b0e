"""What the views of this app share."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from openpyxl import Workbook

from audit.models import AccessLog
from audit.services import access_log_record
from laborers.models import Laborer
from training.forms import LaborerSearchForm
from xiushan_jobs.lib.clock import today
from xiushan_jobs.lib.filters import id_param
from xiushan_jobs.lib.pages import query_without_page
from xiushan_jobs.lib.roles import Role
from xiushan_jobs.lib.scope import role_of
from xiushan_jobs.lib.xlsx import workbook_response

EDITORS = (Role.COUNTY, Role.TOWNSHIP)
SEARCH_LIMIT = 20


def is_editor(user: Any) -> bool:
    return role_of(user) in EDITORS


def year_param(request) -> int:
    """``?year=`` when it is a plausible year, else the business year."""
    year = request.GET.get("year", "")
    return int(year) if year.isdigit() and 2014 <= int(year) <= 2100 else today().year


def can_edit(queryset: QuerySet, user: Any, obj) -> bool:
    return queryset.model.objects.editable_by(user).filter(pk=obj.pk).exists()


def logged_workbook(request, book: Workbook, *, model, rows: int, title: str) -> HttpResponse:
    """A ledger download named ``title_<area>_<date>.xlsx``, recorded in the access log with
    the filters it was made with."""
    scope = request.user.area_label
    access_log_record(
        user=request.user,
        action=AccessLog.Action.EXPORT,
        model=model,
        row_count=rows,
        detail=f"导出{title}（{scope}）{query_without_page(request)}",
        request=request,
    )
    return workbook_response(book, f"{title}_{scope}_{today():%Y-%m-%d}.xlsx")


class LaborerPick:
    """Choosing one laborer the user may change: ``?laborer=<pk>`` (or the POSTed
    ``laborer``) once chosen, else a search by name or ID digits, limited to ``eligible``
    (which starts from ``Laborer.objects.editable_by(user)``)."""

    def __init__(self, request, eligible: QuerySet):
        self.eligible = eligible.select_related("household__village__township")
        chosen = request.POST.get("laborer") or request.GET.get("laborer")
        chosen_id = id_param(chosen)
        self.laborer: Laborer | None = (
            get_object_or_404(self.eligible, pk=chosen_id) if chosen_id else None
        )
        self.form = LaborerSearchForm(request.GET or None)
        self.results: list[Laborer] = []
        if self.laborer is None and self.form.is_valid():
            found = self.eligible.search(
                self.form.cleaned_data["q"], user=request.user, request=request
            )
            self.results = list(found[:SEARCH_LIMIT])

    @property
    def searched(self) -> bool:
        return self.form.is_bound and bool(self.form.data.get("q"))
