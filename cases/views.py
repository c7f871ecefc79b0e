"""The case pages: the list (what every county figure links to), one case with its
timeline and what can be done on it, and the county's handling figures."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_POST

from cases import selectors, services
from cases.forms import CommentForm, DismissForm, NoteForm, VerifyForm
from cases.models import Case, CaseRule
from cases.rules import CONDITIONS
from laborers.models import Township
from laborers.views.common import paginate
from xiushan_jobs.lib.access import editable_or_404, role_required, visible_or_404
from xiushan_jobs.lib.clock import today
from xiushan_jobs.lib.filters import id_param
from xiushan_jobs.lib.roles import Role
from xiushan_jobs.lib.scope import is_read_only, role_of

APPROVERS = (Role.COUNTY, Role.TOWNSHIP)


def _year(value: str) -> int | None:
    return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else None


@require_GET
@role_required()
def case_list(request):
    """Cases of the user's area, filtered by state, rule, township and year opened. Three
    queries: the count, the page (with rule, subject and village), the rules for the
    filter."""
    day = today()
    state = request.GET.get("state", "open")
    rule = request.GET.get("rule", "")
    township = id_param(request.GET.get("township"))
    year = _year(request.GET.get("year", ""))
    cases = selectors.case_list(
        user=request.user,
        day=day,
        state=state,
        rule=rule,
        township=township,
        year=year,
        helper=id_param(request.GET.get("helper")),
    ).select_related("rule", "laborer", "household__village__township", "helper")
    page = paginate(request, cases.order_by("due_on", "pk"))
    return render(
        request,
        "cases/case_list.html",
        {
            "page": page,
            "day": day,
            "state": state,
            "states": [(key, label) for key, (label, _) in selectors.STATES.items()],
            "rule": rule,
            "rules": CaseRule.objects.all(),
            "township": township,
            "townships": Township.objects.all()
            if role_of(request.user) in (Role.COUNTY, Role.LEADER)
            else [],
            "year": year or "",
        },
    )


def _detail_url(case: Case) -> str:
    return reverse("cases:detail", args=[case.pk])


@require_GET
@role_required()
def case_detail(request, pk: int):
    case = visible_or_404(
        Case.objects.select_related(
            "rule", "laborer", "household__village__township", "helper", "owner"
        ),
        request.user,
        pk=pk,
    )
    user = request.user
    may_act = not is_read_only(user) and Case.objects.editable_by(user).filter(pk=pk).exists()
    condition = CONDITIONS.get(case.rule.key)
    # the forms that resolve it come back to the case, which then shows it cleared
    back = urlencode({"next": _detail_url(case)})
    resolve = (
        [
            (label, url + ("&" if "?" in url else "?") + back)
            for label, url in condition.actions(case)
        ]
        if condition and case.is_open and may_act
        else []
    )
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "day": today(),
            "timeline": selectors.case_timeline(case),
            "resolve": resolve,
            "may_act": may_act and case.is_open,
            "may_approve": case.dismissal_pending and role_of(user) in APPROVERS,
            "may_supervise": case.is_open and role_of(user) == Role.COUNTY,
            "verify_form": VerifyForm(),
            "note_form": NoteForm(),
            "dismiss_form": DismissForm(),
            "comment_form": CommentForm(),
        },
    )


def _act(request, pk: int, form_class, do, roles: tuple[str, ...] = ()):
    # out of the user's area is a 404 whatever the role, like every other page
    case = editable_or_404(Case, request.user, pk=pk)
    if roles and role_of(request.user) not in roles:
        raise PermissionDenied("您的角色不能进行此操作。")
    form = form_class(request.POST)
    if not form.is_valid():
        errors = "；".join(str(e) for errs in form.errors.values() for e in errs)
        messages.error(request, f"未保存：{errors}")
        return redirect(_detail_url(case))
    try:
        message = do(case, form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, "未保存：" + "；".join(exc.messages))
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, message)
    return redirect(_detail_url(case))


@require_POST
@role_required(write=True)
def case_verify(request, pk: int):
    def do(case, data):
        services.case_verify(case=case, result=data["result"], text=data["text"], by=request.user)
        return "已登记核实结果。"

    return _act(request, pk, VerifyForm, do)


@require_POST
@role_required(write=True)
def case_note(request, pk: int):
    def do(case, data):
        services.case_note(case=case, text=data["text"], by=request.user)
        return "已登记帮扶记录。"

    return _act(request, pk, NoteForm, do)


@require_POST
@role_required(write=True)
def case_dismiss(request, pk: int):
    def do(case, data):
        services.case_dismiss_request(
            case=case, reason=data["reason"], note=data["note"], by=request.user
        )
        return "已提交不予处置申请，待乡镇（街道）批准。"

    return _act(request, pk, DismissForm, do)


@require_POST
@role_required(write=True)
def case_approve(request, pk: int):
    def do(case, data):
        services.case_dismiss_approve(case=case, by=request.user)
        return "已批准不予处置，并按原因更正了登记信息。"

    return _act(request, pk, _Empty, do, roles=APPROVERS)


@require_POST
@role_required(write=True)
def case_reject(request, pk: int):
    def do(case, data):
        services.case_dismiss_reject(case=case, text=data["text"], by=request.user)
        return "已驳回不予处置申请。"

    return _act(request, pk, CommentForm, do, roles=APPROVERS)


@require_POST
@role_required(write=True)
def case_supervise(request, pk: int):
    def do(case, data):
        services.case_supervise(case=case, text=data["text"], by=request.user)
        return "已督办，责任人会在待办中看到督办意见。"

    return _act(request, pk, CommentForm, do, roles=(Role.COUNTY,))


class _Empty(forms.Form):
    """Approval carries no fields."""


@require_GET
@role_required()
def handling(request):
    """处置率, 及时率 and median days to clear, per township and per rule."""
    day = today()
    year = _year(request.GET.get("year", "")) or day.year
    return render(
        request,
        "cases/handling.html",
        {"handling": selectors.handling(user=request.user, day=day, year=year), "day": day},
    )
