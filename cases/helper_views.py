"""帮扶责任人: the area's helpers, adding one, and assigning households to a helper one by
one or a whole village at a time (a sheet goes through the import pages)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from cases import services
from cases.filters import WITHOUT_HELPER
from cases.models import Helper
from laborers.models import Household, Township, Village
from laborers.views.common import redirect_back
from xiushan_jobs.lib.access import role_required, visible_or_404
from xiushan_jobs.lib.filters import id_param
from xiushan_jobs.lib.roles import Role
from xiushan_jobs.lib.scope import role_of

EDITORS = (Role.COUNTY, Role.TOWNSHIP)


class HelperForm(forms.ModelForm):
    class Meta:
        model = Helper
        fields = ["township", "name", "phone", "unit", "employer"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["township"].queryset = Township.objects.visible_to(user)
        if role_of(user) == Role.TOWNSHIP:
            self.fields["township"].initial = user.township_id


@require_GET
@role_required()
def helper_list(request):
    """The area's helpers with how many households each is responsible for, and the
    households still without one. Three queries."""
    user = request.user
    helpers = (
        Helper.objects.visible_to(user)
        .select_related("township")
        .annotate(households=Count("assignments"))
        .order_by("township__sort_order", "name", "pk")
    )
    without = Household.objects.visible_to(user).filter(helper_link__isnull=True).count()
    may_edit = role_of(user) in EDITORS
    return render(
        request,
        "cases/helper_list.html",
        {
            "helpers": helpers,
            "without": without,
            "without_helper": WITHOUT_HELPER,
            "may_edit": may_edit,
            "form": HelperForm(user=user) if may_edit else None,
            "villages": Village.objects.visible_to(user).select_related("township")
            if may_edit
            else [],
        },
    )


@require_POST
@role_required(*EDITORS, write=True)
def helper_create(request):
    form = HelperForm(request.POST, user=request.user)
    if form.is_valid():
        helper = services.helper_save(helper=form.save(commit=False), by=request.user)
        messages.success(request, f"已添加帮扶责任人 {helper.name}。")
    else:
        errors = "；".join(
            f"{form.fields[k].label if k in form.fields else ''}{e}"
            for k, es in form.errors.items()
            for e in es
        )
        messages.error(request, f"未保存：{errors}")
    return redirect("cases:helper_list")


@require_POST
@role_required(*EDITORS, write=True)
def helper_assign(request):
    """One household (``household``) or every household of a village (``village``)."""
    user = request.user
    helper_id = id_param(request.POST.get("helper"))
    if helper_id is None:
        messages.error(request, "未保存：请选择帮扶责任人。")
        return redirect_back(request, reverse("cases:helper_list"))
    helper = visible_or_404(Helper, user, pk=helper_id)
    household_id = id_param(request.POST.get("household"))
    village_id = id_param(request.POST.get("village"))
    if household_id:
        households = [visible_or_404(Household.objects.editable_by(user), user, pk=household_id)]
    elif village_id:
        village = visible_or_404(Village, user, pk=village_id)
        households = list(Household.objects.editable_by(user).filter(village=village))
    else:
        messages.error(request, "未保存：请选择村（社区）或贫困户。")
        return redirect("cases:helper_list")
    if any(
        h.village.township_id != helper.township_id
        for h in Household.objects.filter(pk__in=[h.pk for h in households]).select_related(
            "village"
        )
    ):
        raise PermissionDenied("帮扶责任人只能负责本乡镇（街道）的贫困户。")
    try:
        changed = services.helper_assign(helper=helper, households=households, by=user)
    except ValidationError as exc:
        messages.error(request, "未保存：" + "；".join(exc.messages))
    else:
        messages.success(request, f"{helper.name} 成为 {changed} 户的帮扶责任人。")
    return redirect_back(request, reverse("cases:helper_list"))
