from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, ProtectedError, Subquery, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from audit.models import AccessLog
from audit.services import access_log_record
from laborers.models import Laborer
from transfer import exports
from transfer.filters import EventFilter
from transfer.forms import EmployerFormSet, EventForm, HireForm
from transfer.models import EventEmployer, Hire, RecruitmentEvent
from transfer.services import event_employers_register, hire_record, hire_withdraw
from xiushan_jobs.lib.access import editable_or_404, role_required, visible_or_404
from xiushan_jobs.lib.filters import id_param
from xiushan_jobs.lib.pages import add_service_errors
from xiushan_jobs.lib.roles import Role
from xiushan_jobs.lib.scope import role_of

EDITORS = (Role.COUNTY, Role.TOWNSHIP)


def _sum_of(field: str):
    employers = (
        EventEmployer.objects.filter(event=OuterRef("pk"))
        .order_by()
        .values("event")
        .annotate(n=Sum(field))
        .values("n")
    )
    return Coalesce(Subquery(employers, output_field=IntegerField()), 0)


def _events_with_totals(queryset):
    hires = (
        Hire.objects.filter(event=OuterRef("pk"))
        .order_by()
        .values("event")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return queryset.select_related("township", "program").annotate(
        positions=_sum_of("positions"),
        graduate_positions=_sum_of("graduate_positions"),
        hire_count=Coalesce(Subquery(hires, output_field=IntegerField()), 0),
    )


@require_GET
@role_required()
def event_list(request):
    events = RecruitmentEvent.objects.visible_to(request.user)
    filterset = EventFilter(request.GET, queryset=events, user=request.user)
    filtered = filterset.qs
    totals = {
        "events": filtered.count(),
        "positions": EventEmployer.objects.filter(event__in=filtered).aggregate(
            n=Coalesce(Sum("positions"), 0), g=Coalesce(Sum("graduate_positions"), 0)
        ),
        "hires": Hire.objects.filter(event__in=filtered).count(),
    }
    page = Paginator(_events_with_totals(filtered), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "transfer/event_list.html",
        {
            "filter": filterset,
            "page": page,
            "totals": totals,
            "can_add": role_of(request.user) in EDITORS,
        },
    )


@require_GET
@role_required()
def event_detail(request, pk):
    event = visible_or_404(
        RecruitmentEvent.objects.select_related("township", "program"), request.user, pk=pk
    )
    employers = event.employers.annotate(hire_count=Count("hires")).order_by("id")
    hires = Hire.objects.filter(event=event).select_related(
        "laborer__household__village__township", "employer", "episode"
    )
    visible_laborers = set(
        Laborer.objects.visible_to(request.user)
        .filter(hires__event=event)
        .values_list("pk", flat=True)
    )
    can_edit = RecruitmentEvent.objects.editable_by(request.user).filter(pk=event.pk).exists()
    return render(
        request,
        "transfer/event_detail.html",
        {
            "event": event,
            "employers": employers,
            "hires": [h for h in hires if h.laborer_id in visible_laborers],
            "hidden_hires": sum(1 for h in hires if h.laborer_id not in visible_laborers),
            "can_edit": can_edit,
            "can_hire": role_of(request.user) in EDITORS,
        },
    )


def _event_form(request, event=None):
    form = EventForm(request.POST or None, instance=event, user=request.user)
    formset = EmployerFormSet(
        request.POST or None, instance=event or RecruitmentEvent(), prefix="employers"
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            with transaction.atomic():
                saved = form.save()
                formset.instance = saved
                formset.save()
                event_employers_register(event=saved, by=request.user)
        except ProtectedError:
            # a hire recorded for a removed employer after the form was checked
            form.add_error(None, "要删除的用人单位刚刚登记了录用，不能删除：请刷新页面后重试。")
        else:
            messages.success(request, f"已保存招聘活动“{saved.title}”。")
            return redirect("transfer:event_detail", pk=saved.pk)
    return render(
        request, "transfer/event_form.html", {"form": form, "formset": formset, "event": event}
    )


@role_required(*EDITORS, write=True)
def event_create(request):
    return _event_form(request)


@role_required(*EDITORS, write=True)
def event_edit(request, pk):
    event = editable_or_404(RecruitmentEvent, request.user, pk=pk)
    return _event_form(request, event)


@require_POST
@role_required(*EDITORS, write=True)
def event_delete(request, pk):
    event = editable_or_404(RecruitmentEvent, request.user, pk=pk)
    if event.hires.exists():
        messages.error(request, "已有录用记录的招聘活动不能删除：请先撤销录用。")
        return redirect("transfer:event_detail", pk=pk)
    title = event.title
    event.delete()
    messages.success(request, f"已删除招聘活动“{title}”。")
    return redirect("transfer:event_list")


@role_required(*EDITORS, write=True)
def hire_create(request, pk):
    """Search a laborer in the user's area, then record the hire."""
    event = visible_or_404(RecruitmentEvent, request.user, pk=pk)
    query = (request.GET.get("q") or "").strip()
    laborer = None
    chosen = request.POST.get("laborer") or request.GET.get("laborer")
    if chosen and id_param(chosen) is None:
        messages.error(request, "链接中的劳动力编号无效：请重新搜索并选择劳动力。")
    elif chosen:
        laborer = get_object_or_404(
            Laborer.objects.editable_by(request.user).select_related("household__village"),
            pk=id_param(chosen),
        )
    candidates = []
    if query and laborer is None:
        candidates = list(
            Laborer.objects.editable_by(request.user)
            .search(query, user=request.user, request=request)
            .select_related("household__village")[:20]
        )
    form = HireForm(request.POST or None, event=event) if laborer else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            hire_record(event=event, laborer=laborer, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"已登记 {laborer.name} 的录用，并记入其就业经历。")
            return redirect("transfer:event_detail", pk=event.pk)
    return render(
        request,
        "transfer/hire_form.html",
        {
            "event": event,
            "query": query,
            "candidates": candidates,
            "laborer": laborer,
            "form": form,
        },
    )


@require_POST
@role_required(*EDITORS, write=True)
def hire_delete(request, pk):
    hire = get_object_or_404(
        Hire.objects.select_related("laborer", "event"),
        pk=pk,
        laborer__in=Laborer.objects.editable_by(request.user),
    )
    event_pk = hire.event_id
    name = hire.laborer.name
    hire_withdraw(hire=hire, by=request.user)
    messages.success(request, f"已撤销 {name} 的录用登记及其就业经历。")
    return redirect("transfer:event_detail", pk=event_pk)


@require_GET
@role_required()
def event_export(request):
    events = EventFilter(
        request.GET,
        queryset=RecruitmentEvent.objects.visible_to(request.user),
        user=request.user,
    ).qs
    events = _events_with_totals(events)
    response = exports.events_workbook_response(events)
    access_log_record(
        user=request.user,
        action=AccessLog.Action.EXPORT,
        model=RecruitmentEvent,
        row_count=len(events),
        detail="导出招聘活动台账",
        request=request,
    )
    return response
