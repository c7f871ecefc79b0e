"""Officer pages: vacancies, matching and pushing, answers, a village's message and sheet."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from laborers.models import Laborer, Village
from vacancies import qr
from vacancies.filters import VacancyFilter
from vacancies.forms import AnswerForm, PushForm, VacancyForm
from vacancies.matching import vacancy_matches
from vacancies.models import PushedLaborer, Vacancy
from vacancies.services import push_answer_record, push_record, vacancy_save
from xiushan_jobs.lib.access import editable_or_404, role_required, visible_or_404
from xiushan_jobs.lib.clock import today
from xiushan_jobs.lib.pages import add_service_errors, paginate, query_without_page
from xiushan_jobs.lib.roles import Role
from xiushan_jobs.lib.scope import is_read_only, role_of

EDITORS = (Role.COUNTY, Role.TOWNSHIP)
#: how many of the best matches a vacancy page shows
MATCH_LIMIT = 50


@require_GET
@role_required()
def vacancy_list(request):
    vacancies = (
        Vacancy.objects.visible_to(request.user)
        .select_related("employer", "trade", "work_township", "township")
        .with_push_counts()
    )
    filterset = VacancyFilter(request.GET, queryset=vacancies, user=request.user)
    return render(
        request,
        "vacancies/vacancy_list.html",
        {
            "filter": filterset,
            "page": paginate(request, filterset.qs.order_by("-valid_from", "-pk")),
            "query": query_without_page(request),
            "can_add": role_of(request.user) in EDITORS,
            "today": today(),
            "villages": Village.objects.visible_to(request.user).select_related("township"),
        },
    )


def _vacancy_form(request, vacancy=None):
    form = VacancyForm(request.POST or None, instance=vacancy, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            saved = vacancy_save(
                vacancy=form.instance,
                employer_name=form.cleaned_data["employer_name"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"已保存岗位“{saved.title}”。")
            return redirect("vacancies:detail", pk=saved.pk)
    return render(request, "vacancies/vacancy_form.html", {"form": form, "vacancy": vacancy})


@require_http_methods(["GET", "POST"])
@role_required(*EDITORS, write=True)
def vacancy_create(request):
    return _vacancy_form(request)


@require_http_methods(["GET", "POST"])
@role_required(*EDITORS, write=True)
def vacancy_edit(request, pk):
    return _vacancy_form(request, editable_or_404(Vacancy, request.user, pk=pk))


def _detail_context(request, vacancy, push_form=None):
    user = request.user
    can_push = not is_read_only(user)
    matches = vacancy_matches(vacancy=vacancy, user=user, limit=MATCH_LIMIT) if can_push else []
    recipients = (
        PushedLaborer.objects.visible_to(user)
        .filter(vacancy=vacancy)
        .select_related("laborer__household__village__township", "push", "episode")
        .order_by("-push__date", "pk")
    )
    counts = PushedLaborer.objects.visible_to(user).filter(vacancy=vacancy).funnel()
    return {
        "vacancy": vacancy,
        "matches": matches,
        "match_limit": MATCH_LIMIT,
        "recipients": recipients,
        "counts": counts,
        "can_push": can_push,
        "can_edit": Vacancy.objects.editable_by(user).filter(pk=vacancy.pk).exists(),
        "is_current": vacancy.valid_from <= today() <= vacancy.valid_to,
        "push_form": push_form or PushForm(),
        "public_url": request.build_absolute_uri(reverse("public_jobs:detail", args=[vacancy.pk])),
    }


@require_GET
@role_required()
def vacancy_detail(request, pk):
    vacancy = visible_or_404(
        Vacancy.objects.select_related("employer", "trade", "work_township", "program", "event"),
        request.user,
        pk=pk,
    )
    return render(request, "vacancies/vacancy_detail.html", _detail_context(request, vacancy))


@require_POST
@role_required(write=True)
def push_create(request, pk):
    """Push the vacancy to the ticked matches, in one action."""
    vacancy = visible_or_404(Vacancy.objects.pushable_by(request.user), request.user, pk=pk)
    form = PushForm(request.POST)
    if form.is_valid():
        chosen = list(
            Laborer.objects.editable_by(request.user).filter(pk__in=form.cleaned_data["laborers"])
        )
        missing = len(set(form.cleaned_data["laborers"])) - len(chosen)
        try:
            if missing:
                raise ValidationError(f"有 {missing} 名所选劳动力不在您的辖区内，未推送。")
            push = push_record(
                vacancy=vacancy,
                laborers=chosen,
                channel=form.cleaned_data["channel"],
                date=form.cleaned_data["date"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                f"已向 {push.recipients.count()} 名劳动力推送“{vacancy.title}”，"
                "并为每人登记一次岗位推荐服务。",
            )
            return redirect("vacancies:detail", pk=vacancy.pk)
    context = _detail_context(request, vacancy, push_form=form)
    return render(request, "vacancies/vacancy_detail.html", context, status=400)


@require_http_methods(["GET", "POST"])
@role_required(write=True)
def answer_edit(request, pk):
    recipient = editable_or_404(
        PushedLaborer.objects.select_related(
            "vacancy__employer", "laborer__household__village", "push"
        ),
        request.user,
        pk=pk,
    )
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            push_answer_record(recipient=recipient, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"已登记 {recipient.laborer.name} 的答复。")
            return redirect("vacancies:detail", pk=recipient.vacancy_id)
    return render(request, "vacancies/answer_form.html", {"recipient": recipient, "form": form})


def _village_vacancies(village):
    return (
        Vacancy.objects.current()
        .for_township(village.township_id)
        .select_related("employer", "work_township", "trade")
        .order_by("work_area", "-valid_from", "pk")
    )


def _village_context(request, pk) -> dict:
    village = visible_or_404(Village.objects.select_related("township"), request.user, pk=pk)
    vacancies = list(_village_vacancies(village))
    public_url = request.build_absolute_uri(reverse("public_jobs:village", args=[village.pk]))
    return {
        "village": village,
        "vacancies": vacancies,
        "public_url": public_url,
        "qr_svg": qr.svg(public_url),
        "text": _wechat_text(village, vacancies, public_url),
    }


@require_GET
@role_required()
def village_message(request, pk):
    """A WeChat-ready text of the open vacancies for a village's people, to copy into the
    village's group."""
    return render(request, "vacancies/message.html", _village_context(request, pk))


@require_GET
@role_required()
def village_sheet(request, pk):
    """The same vacancies as a printable sheet (A4) with a QR code to the village's public
    page, for the village notice board."""
    return render(request, "vacancies/village_sheet.html", _village_context(request, pk))


def _wechat_text(village, vacancies, public_url) -> str:
    lines = [f"【{village.township.name}{village.name}·岗位信息】{today():%-m月%-d日}在招岗位："]
    for number, vacancy in enumerate(vacancies, start=1):
        reserved = f"（{vacancy.get_reserved_for_display()}）" if vacancy.reserved_for else ""
        lines.append(
            f"{number}. {vacancy.employer.name}招{vacancy.title}{vacancy.places}人{reserved}，"
            f"{vacancy.place_label()}，{vacancy.pay_label()}，要求：{vacancy.requirement_label()}，"
            f"报名截止{vacancy.valid_to:%-m月%-d日}。"
        )
    if not vacancies:
        lines.append("暂无在招岗位。")
    lines.append(f"想报名的请联系村（社区）扶贫信息员。全部岗位：{public_url}")
    return "\n".join(lines)
