"""Entrepreneurship support: the overview, the mentor pool and guidance sessions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from laborers.models import Laborer, Township
from training import selectors, services
from training.choices import LoanStatus
from training.filters import MentorFilter, SessionFilter
from training.forms import MentorForm, SessionForm
from training.models import (
    BusinessLoan,
    GuidanceParticipant,
    GuidanceSession,
    Mentor,
)
from training.views.common import EDITORS, can_edit, is_editor, year_param
from xiushan_jobs.lib.access import editable_or_404, role_required, visible_or_404
from xiushan_jobs.lib.clock import today
from xiushan_jobs.lib.filters import id_param
from xiushan_jobs.lib.pages import add_service_errors, paginate, query_without_page
from xiushan_jobs.lib.roles import Role
from xiushan_jobs.lib.scope import is_county, role_of

#: most laborers offered as checkboxes on the session form (narrow by township or village)
CANDIDATES_SHOWN = 300


@require_GET
@role_required()
def overview(request):
    """Targets 7 and 11 at a glance, with the lists behind them."""
    user, year = request.user, year_param(request)
    loans = BusinessLoan.objects.visible_to(user)
    context = {
        "year": year,
        "entrepreneurs": selectors.entrepreneurs(user=user, year=year),
        "with_loan": selectors.entrepreneurs_with_loan(user=user, year=year),
        "with_guidance": selectors.entrepreneurs_with_guidance(user=user, year=year),
        "supported": selectors.entrepreneurs_supported(user=user, year=year),
        "unsupported": selectors.entrepreneurs_unsupported(user=user, year=year),
        "stations": selectors.stations_provided(user=user),
        "occupied": selectors.stations_occupied(user=user),
        "loan_counts": loans.aggregate(
            applied=Count("pk", filter=Q(status=LoanStatus.APPLIED)),
            disbursed=Count("pk", filter=Q(status__in=[LoanStatus.DISBURSED, LoanStatus.OVERDUE])),
            past_due=Count("pk", filter=Q(pk__in=loans.past_due(today()).values("pk"))),
        ),
        "mentors": Mentor.objects.filter(is_active=True).count(),
        "sessions": GuidanceSession.objects.visible_to(user).filter(date__year=year).count(),
    }
    return render(request, "training/entrepreneurship.html", context)


# --- mentors ------------------------------------------------------------------------------------


@require_GET
@role_required()
def mentor_list(request):
    filterset = MentorFilter(request.GET or None, queryset=Mentor.objects.visible_to(request.user))
    mentors = filterset.qs.annotate(session_count=Count("sessions")).order_by(
        "-is_active", "name", "pk"
    )
    context = {
        "filter": filterset,
        "page": paginate(request, mentors),
        "can_add": is_county(request.user),
        "show_phone": role_of(request.user) in EDITORS,
    }
    return render(request, "training/mentor_list.html", context)


@require_GET
@role_required()
def mentor_detail(request, pk):
    mentor = visible_or_404(Mentor, request.user, pk=pk)
    sessions = (
        GuidanceSession.objects.visible_to(request.user)
        .filter(mentor=mentor)
        .select_related("mentor")
        .with_participant_count()
        .order_by("-date", "-pk")
    )
    context = {
        "mentor": mentor,
        "page": paginate(request, sessions),
        "can_edit": can_edit(Mentor.objects, request.user, mentor),
        "show_phone": role_of(request.user) in EDITORS,
    }
    return render(request, "training/mentor_detail.html", context)


def _mentor_form(request, mentor=None):
    form = MentorForm(request.POST or None, instance=mentor)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.mentor_save(mentor=form.instance, by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"已保存创业导师 {saved.name}。")
            return redirect("training:mentor_detail", pk=saved.pk)
    return render(request, "training/mentor_form.html", {"form": form, "object": mentor})


@require_http_methods(["GET", "POST"])
@role_required(Role.COUNTY, write=True)
def mentor_create(request):
    return _mentor_form(request)


@require_http_methods(["GET", "POST"])
@role_required(Role.COUNTY, write=True)
def mentor_edit(request, pk):
    return _mentor_form(request, editable_or_404(Mentor, request.user, pk=pk))


@require_POST
@role_required(Role.COUNTY, write=True)
def mentor_delete(request, pk):
    mentor = editable_or_404(Mentor, request.user, pk=pk)
    try:
        services.mentor_delete(mentor=mentor, by=request.user)
    except services.InUse as exc:
        messages.error(request, str(exc))
        return redirect("training:mentor_detail", pk=mentor.pk)
    messages.success(request, f"已删除创业导师 {mentor.name}。")
    return redirect("training:mentor_list")


# --- guidance sessions --------------------------------------------------------------------------


@require_GET
@role_required()
def session_list(request):
    filterset = SessionFilter(
        request.GET or None, queryset=GuidanceSession.objects.visible_to(request.user)
    )
    sessions = filterset.qs.select_related("mentor").with_participant_count()
    context = {
        "filter": filterset,
        "page": paginate(request, sessions),
        "query": query_without_page(request),
        "can_add": is_editor(request.user),
    }
    return render(request, "training/session_list.html", context)


@require_GET
@role_required()
def session_detail(request, pk):
    session = visible_or_404(GuidanceSession.objects.select_related("mentor"), request.user, pk=pk)
    participants = GuidanceParticipant.objects.filter(session=session)
    shown = list(
        participants.visible_to(request.user)
        .select_related("laborer__household__village__township", "service")
        .order_by("pk")
    )
    context = {
        "session": session,
        "participants": shown,
        "hidden": participants.count() - len(shown),
        "can_edit": can_edit(GuidanceSession.objects, request.user, session),
    }
    return render(request, "training/session_detail.html", context)


def _candidates(request, session: GuidanceSession | None, extra: list[int]):
    """Laborers offered on the session form: those the user may change who want to start a
    business, in the chosen township or village (county users choose a township first),
    plus the session's own laborers and one passed as ``?laborer=``."""
    editable = Laborer.objects.editable_by(request.user)
    township = id_param(request.GET.get("township"))
    village = id_param(request.GET.get("village"))
    pool = editable.filter(wants_entrepreneurship=True)
    if village:
        pool = pool.filter(household__village_id=village)
    elif township:
        pool = pool.filter(household__village__township_id=township)
    elif is_county(request.user):
        pool = pool.none()
    keep = list(extra)
    if session is not None and session.pk:
        keep += list(session.participants.values_list("laborer_id", flat=True))
    chosen = list(editable.filter(pk__in=keep).values_list("pk", flat=True))
    shown = list(
        pool.order_by("household__village", "pk").values_list("pk", flat=True)[
            : CANDIDATES_SHOWN + 1
        ]
    )
    candidates = (
        Laborer.objects.filter(pk__in=[*shown[:CANDIDATES_SHOWN], *chosen])
        .select_related("household__village__township")
        .order_by("household__village__township__sort_order", "household__village__name", "name")
    )
    return candidates, len(shown) > CANDIDATES_SHOWN


def _session_form(request, session=None):
    preset = id_param(request.GET.get("laborer"))
    extra = [preset] if preset else []
    candidates, truncated = _candidates(request, session, extra)
    mentors = Mentor.objects.filter(Q(is_active=True) | Q(pk=getattr(session, "mentor_id", None)))
    form = SessionForm(
        request.POST or None,
        instance=session,
        candidates=candidates,
        mentors=mentors,
        initial={"laborers": extra} if extra and session is None else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.session_save(
                session=form.instance, laborers=form.cleaned_data["laborers"], by=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"已保存创业指导“{saved.topic}”，并记入每人的针对性服务。")
            return redirect("training:session_detail", pk=saved.pk)
    context = {
        "form": form,
        "object": session,
        "truncated": truncated,
        "needs_township": is_county(request.user)
        and not (request.GET.get("township") or request.GET.get("village")),
        "townships": Township.objects.visible_to(request.user),
        "township": request.GET.get("township", ""),
        "laborer": preset,
    }
    return render(request, "training/session_form.html", context)


@require_http_methods(["GET", "POST"])
@role_required(*EDITORS, write=True)
def session_create(request):
    return _session_form(request)


@require_http_methods(["GET", "POST"])
@role_required(*EDITORS, write=True)
def session_edit(request, pk):
    session = editable_or_404(GuidanceSession.objects.select_related("mentor"), request.user, pk=pk)
    return _session_form(request, session)


@require_POST
@role_required(*EDITORS, write=True)
def session_delete(request, pk):
    session = editable_or_404(GuidanceSession, request.user, pk=pk)
    services.session_delete(session=session, by=request.user)
    messages.success(request, "已删除该次创业指导及其对应的针对性服务记录。")
    return redirect("training:session_list")
