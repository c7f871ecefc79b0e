"""Training classes: the list with its filters and Excel ledger, the class page with its
trainees, and the class form."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, F, Q, Sum
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from laborers.models import ImportBatch
from training import ledgers, services
from training.choices import ClassStatus
from training.filters import ClassFilter
from training.forms import TrainingClassForm
from training.models import Enrollment, TrainingClass
from training.views.common import EDITORS, can_edit, is_editor, logged_workbook
from xiushan_jobs.lib.access import editable_or_404, role_required, visible_or_404
from xiushan_jobs.lib.clock import today
from xiushan_jobs.lib.pages import add_service_errors, paginate, query_without_page
from xiushan_jobs.lib.roles import Role
from xiushan_jobs.lib.scope import role_of


def _filtered(request):
    classes = TrainingClass.objects.visible_to(request.user)
    data = request.GET.copy()
    if "year" not in data:  # this year's classes unless the user asks otherwise
        data["year"] = str(today().year)
    filterset = ClassFilter(data, queryset=classes, request=request)
    if role_of(request.user) not in (Role.COUNTY, Role.LEADER):
        filterset.filters.pop("township")
    return filterset, filterset.qs


@require_GET
@role_required()
def class_list(request):
    filterset, classes = _filtered(request)
    totals = Enrollment.objects.filter(training_class__in=classes).aggregate(
        trainees=Count("pk"),
        poor=Count("pk", filter=Q(laborer__isnull=False)),
        completed=Count("pk", filter=Q(completed=True)),
    )
    page = paginate(request, classes.for_lists().order_by("-start_date", "-pk"))
    context = {
        "filter": filterset,
        "page": page,
        "totals": {"classes": page.paginator.count, **totals},
        "query": query_without_page(request),
        "can_add": is_editor(request.user),
    }
    return render(request, "training/class_list.html", context)


@require_GET
@role_required()
def class_export(request):
    """The ledger of the listed classes (培训班台账) and their trainees (学员名册) the user
    may see, with the same filters, as an xlsx workbook; logged."""
    _filterset, classes = _filtered(request)
    scope = request.user.area_label
    book, rows = ledgers.class_ledger(classes, user=request.user, scope_label=scope)
    return logged_workbook(request, book, model=Enrollment, rows=rows, title="培训班台账和学员名册")


@require_GET
@role_required()
def class_detail(request, pk):
    klass = visible_or_404(
        TrainingClass.objects.select_related("trade", "township", "program").with_subsidy(),
        request.user,
        pk=pk,
    )
    enrollments = Enrollment.objects.filter(training_class=klass)
    shown = (
        enrollments.visible_to(request.user)
        .select_related("training_class", "laborer__household__village__township")
        .order_by(F("laborer").asc(nulls_last=True), "pk")
    )
    totals = enrollments.aggregate(
        all=Count("pk"),
        poor=Count("pk", filter=Q(laborer__isnull=False)),
        completed=Count("pk", filter=Q(completed=True)),
        skilled=Count("pk", filter=~Q(skill="")),
        days=Sum("days_attended"),
    )
    page = paginate(request, shown, per_page=100)
    editable = set(
        enrollments.editable_by(request.user)
        .filter(pk__in=[e.pk for e in page.object_list])
        .values_list("pk", flat=True)
    )
    context = {
        "klass": klass,
        "page": page,
        "editable": editable,
        "totals": totals,
        "hidden": totals["all"] - page.paginator.count,
        "can_edit": can_edit(TrainingClass.objects, request.user, klass),
        "can_enroll": is_editor(request.user) and klass.status != ClassStatus.CANCELLED,
        "import_url": f"{reverse('imports:index')}?kind={ImportBatch.Kind.ENROLLMENT}"
        f"&training_class={klass.pk}#upload-{ImportBatch.Kind.ENROLLMENT}",
    }
    return render(request, "training/class_detail.html", context)


def _save(request, form, created: bool):
    if not form.is_valid():
        return None
    try:
        klass = services.class_save(training_class=form.instance, by=request.user)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None
    messages.success(request, f"已{'新增' if created else '保存'}培训班“{klass.name}”。")
    return redirect("training:class_detail", pk=klass.pk)


@require_http_methods(["GET", "POST"])
@role_required(*EDITORS, write=True)
def class_create(request):
    form = TrainingClassForm(request.POST or None, user=request.user)
    if request.method == "POST" and (response := _save(request, form, created=True)):
        return response
    return render(request, "training/class_form.html", {"form": form, "object": None})


@require_http_methods(["GET", "POST"])
@role_required(*EDITORS, write=True)
def class_edit(request, pk):
    klass = editable_or_404(TrainingClass, request.user, pk=pk)
    form = TrainingClassForm(request.POST or None, instance=klass, user=request.user)
    if request.method == "POST" and (response := _save(request, form, created=False)):
        return response
    return render(request, "training/class_form.html", {"form": form, "object": klass})


@require_POST
@role_required(*EDITORS, write=True)
def class_delete(request, pk):
    klass = editable_or_404(TrainingClass, request.user, pk=pk)
    try:
        services.class_delete(training_class=klass, by=request.user)
    except services.InUse as exc:
        messages.error(request, str(exc))
        return redirect("training:class_detail", pk=klass.pk)
    messages.success(request, f"已删除培训班“{klass.name}”。")
    return redirect("training:class_list")
