"""Enrolling trainees (a poor laborer found by search, or a non-poor trainee by name and ID
number) from the class page, enrolling one laborer from their page, and recording
attendance, completion and certificates."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from laborers.models import Laborer
from training import services
from training.forms import ClassChoiceForm, EnrollmentForm, TraineeForm
from training.models import Enrollment, TrainingClass
from training.views.common import EDITORS, LaborerPick
from xiushan_jobs.lib.access import editable_or_404, role_required, visible_or_404
from xiushan_jobs.lib.pages import add_service_errors


def _enroll(request, form, klass, laborer=None) -> bool:
    """Run the service; on refusal show why on ``form`` (or as a message)."""
    data = form.cleaned_data if form is not None else {}
    try:
        services.enrollment_add(training_class=klass, laborer=laborer, by=request.user, **data)
    except ValidationError as exc:
        if form is None:
            messages.error(request, "；".join(exc.messages))
        else:
            add_service_errors(form, exc)
        return False
    return True


@require_http_methods(["GET", "POST"])
@role_required(*EDITORS, write=True)
def enroll(request, pk):
    """The class's enrollment page: search a poor laborer in the user's area and enroll
    them, or enroll a non-poor trainee by name and ID number."""
    klass = visible_or_404(TrainingClass.objects.select_related("trade"), request.user, pk=pk)
    pick = LaborerPick(request, Laborer.objects.editable_by(request.user))
    # Non-poor trainees belong to the class's township: its officers (or the county) add them.
    may_add_trainee = TrainingClass.objects.editable_by(request.user).filter(pk=klass.pk).exists()
    trainee_form = TraineeForm(
        request.POST if request.POST.get("form") == "trainee" else None,
        instance=Enrollment(training_class=klass),
    )
    if request.method == "POST":
        if request.POST.get("form") == "trainee":
            if not may_add_trainee:
                messages.error(
                    request,
                    "县级培训班的非贫困学员由县就业人才局登记：您可以为本乡镇的贫困劳动力报名。",
                )
            elif trainee_form.is_valid():
                name = trainee_form.cleaned_data["name"]
                if _enroll(request, trainee_form, klass):
                    messages.success(request, f"已把非贫困学员 {name} 登记到本班。")
                    return redirect("training:class_detail", pk=klass.pk)
        elif pick.laborer is not None and _enroll(request, None, klass, pick.laborer):
            messages.success(request, f"已为 {pick.laborer.name} 报名本班。")
            return redirect("training:enroll", pk=klass.pk)
    enrolled = set(
        Enrollment.objects.filter(
            training_class=klass, laborer__in=[r.pk for r in pick.results]
        ).values_list("laborer_id", flat=True)
    )
    return render(
        request,
        "training/enroll.html",
        {
            "klass": klass,
            "pick": pick,
            "enrolled": enrolled,
            "trainee_form": trainee_form,
            "may_add_trainee": may_add_trainee,
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(*EDITORS, write=True)
def laborer_enroll(request, laborer_pk):
    """From the laborer's page: choose one of the classes open to them."""
    laborer = editable_or_404(
        Laborer.objects.select_related("household__village__township"),
        request.user,
        pk=laborer_pk,
    )
    classes = (
        TrainingClass.objects.visible_to(request.user)
        .open_for_enrollment()
        .exclude(enrollments__laborer=laborer)
        .select_related("trade", "township")
        .order_by("start_date", "pk")
    )
    form = ClassChoiceForm(request.POST or None, classes=classes)
    if request.method == "POST" and form.is_valid():
        klass = form.cleaned_data["training_class"]
        if _enroll(request, None, klass, laborer):
            messages.success(request, f"已为 {laborer.name} 报名“{klass.name}”。")
            return redirect("training:class_detail", pk=klass.pk)
    suggested = [c for c in classes if c.trade.name == laborer.training_trade]
    return render(
        request,
        "training/laborer_enroll.html",
        {"laborer": laborer, "form": form, "classes": classes, "suggested": suggested},
    )


@require_http_methods(["GET", "POST"])
@role_required(*EDITORS, write=True)
def enrollment_edit(request, pk):
    enrollment = editable_or_404(
        Enrollment.objects.select_related("training_class__trade", "laborer"), request.user, pk=pk
    )
    form = EnrollmentForm(request.POST or None, instance=enrollment)
    if request.method == "POST" and form.is_valid():
        try:
            services.enrollment_update(enrollment=form.instance, by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"已保存 {enrollment.trainee_name} 的培训记录。")
            return redirect("training:class_detail", pk=enrollment.training_class_id)
    return render(
        request, "training/enrollment_form.html", {"form": form, "enrollment": enrollment}
    )


@require_POST
@role_required(*EDITORS, write=True)
def enrollment_delete(request, pk):
    enrollment = editable_or_404(Enrollment.objects.select_related("laborer"), request.user, pk=pk)
    klass_pk, name = enrollment.training_class_id, enrollment.trainee_name
    services.enrollment_remove(enrollment=enrollment, by=request.user)
    messages.success(request, f"已把 {name} 从本班移除。")
    return redirect("training:class_detail", pk=klass_pk)
