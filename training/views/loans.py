"""Guaranteed business loans (创业担保贷款): the list and its ledger, a loan's page, and
recording a loan for a laborer the user may change."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Sum
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from laborers.models import Laborer
from training import ledgers, services
from training.filters import LoanFilter
from training.forms import LoanForm
from training.models import BusinessLoan
from training.views.common import EDITORS, LaborerPick, can_edit, is_editor, logged_workbook
from xiushan_jobs.lib.access import editable_or_404, role_required, visible_or_404
from xiushan_jobs.lib.clock import today
from xiushan_jobs.lib.pages import add_service_errors, paginate, query_without_page
from xiushan_jobs.lib.roles import Role
from xiushan_jobs.lib.scope import role_of

BANKS = [
    "中国农业银行秀山支行",
    "重庆农村商业银行秀山支行",
    "中国邮政储蓄银行秀山县支行",
    "中国建设银行秀山支行",
    "中国工商银行秀山支行",
    "重庆三峡银行秀山支行",
]


def _filtered(request):
    filterset = LoanFilter(
        request.GET or None, queryset=BusinessLoan.objects.visible_to(request.user), request=request
    )
    if role_of(request.user) not in (Role.COUNTY, Role.LEADER):
        filterset.filters.pop("township")
    return filterset, filterset.qs


@require_GET
@role_required()
def loan_list(request):
    filterset, loans = _filtered(request)
    context = {
        "filter": filterset,
        "page": paginate(request, loans.select_related("laborer__household__village__township")),
        "totals": loans.aggregate(loans=Count("pk"), amount=Sum("amount")),
        "past_due": loans.past_due(today()).count(),
        "query": query_without_page(request),
        "can_add": is_editor(request.user),
    }
    return render(request, "training/loan_list.html", context)


@require_GET
@role_required()
def loan_export(request):
    _filterset, loans = _filtered(request)
    book, rows = ledgers.loan_ledger(loans)
    return logged_workbook(request, book, model=BusinessLoan, rows=rows, title="创业担保贷款台账")


@require_GET
@role_required()
def loan_detail(request, pk):
    loan = visible_or_404(
        BusinessLoan.objects.select_related("laborer__household__village__township"),
        request.user,
        pk=pk,
    )
    context = {
        "loan": loan,
        "can_edit": can_edit(BusinessLoan.objects, request.user, loan),
        "past_due": loan.is_past_due,
        "history": loan.history.select_related("history_user").order_by("-history_date")[:20],
    }
    return render(request, "training/loan_detail.html", context)


def _save(request, form, laborer_name: str):
    try:
        loan = services.loan_save(loan=form.instance, by=request.user)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None
    messages.success(request, f"已保存 {laborer_name} 的创业担保贷款。")
    return redirect("training:loan_detail", pk=loan.pk)


@require_http_methods(["GET", "POST"])
@role_required(*EDITORS, write=True)
def loan_create(request):
    """Find the laborer (or come from their page with ``?laborer=``), then the loan."""
    pick = LaborerPick(request, Laborer.objects.editable_by(request.user))
    form = None
    if pick.laborer is not None:
        form = LoanForm(request.POST or None, instance=BusinessLoan(laborer=pick.laborer))
        if (
            request.method == "POST"
            and form.is_valid()
            and (response := _save(request, form, pick.laborer.name))
        ):
            return response
    return render(
        request,
        "training/loan_form.html",
        {"pick": pick, "form": form, "object": None, "banks": BANKS},
    )


@require_http_methods(["GET", "POST"])
@role_required(*EDITORS, write=True)
def loan_edit(request, pk):
    loan = editable_or_404(BusinessLoan.objects.select_related("laborer"), request.user, pk=pk)
    form = LoanForm(request.POST or None, instance=loan)
    if (
        request.method == "POST"
        and form.is_valid()
        and (response := _save(request, form, loan.laborer.name))
    ):
        return response
    return render(
        request,
        "training/loan_form.html",
        {"pick": None, "form": form, "object": loan, "banks": BANKS},
    )


@require_POST
@role_required(*EDITORS, write=True)
def loan_delete(request, pk):
    loan = editable_or_404(BusinessLoan.objects.select_related("laborer"), request.user, pk=pk)
    name = loan.laborer.name
    services.loan_delete(loan=loan, by=request.user)
    messages.success(request, f"已删除 {name} 的创业担保贷款记录。")
    return redirect("training:loan_list")
