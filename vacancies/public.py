"""The public vacancy pages at ``/jobs/``: no login, read-only, phone-first, shareable in
WeChat. They show vacancies and employers only: no laborer, no ID number, no phone (not even
an employer contact's: people apply through their village or township officer).

Rendered without the request's context processors, so a visit never touches a session
and the pages can be cached by browsers and proxies alike (``Cache-Control: public``).
"""

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from laborers.models import Village
from vacancies import qr
from vacancies.filters import PublicVacancyFilter
from vacancies.models import Vacancy
from xiushan_jobs.lib.clock import today
from xiushan_jobs.lib.logging import redact

#: seconds browsers and WeChat's proxy may keep a page; vacancies change by the day
MAX_AGE = 300
PAGE_LIMIT = 100


def _current():
    return (
        Vacancy.objects.current()
        .select_related("employer", "trade", "work_township", "program")
        .order_by("-valid_from", "pk")
    )


def _page(request, template: str, context: dict) -> HttpResponse:
    context = {**context, "page_url": request.build_absolute_uri(), "today": today()}
    return HttpResponse(render_to_string(template, context))


@require_GET
@cache_control(public=True, max_age=MAX_AGE)
def job_list(request):
    filterset = PublicVacancyFilter(request.GET, queryset=_current())
    vacancies = list(filterset.qs[:PAGE_LIMIT])
    places = sum(v.places for v in vacancies)
    return _page(
        request,
        "vacancies/public_list.html",
        {
            "filter": filterset,
            "vacancies": vacancies,
            "title": "秀山县在招岗位",
            "description": f"秀山县就业人才局发布的 {len(vacancies)} 个在招岗位，共招 {places} 人；"
            "贫困劳动力优先，村（社区）扶贫信息员帮助报名。",
        },
    )


@require_GET
@cache_control(public=True, max_age=MAX_AGE)
def village_jobs(request, pk):
    village = Village.objects.select_related("township").filter(pk=pk).first()
    if village is None:
        return _not_found(request)
    vacancies = list(_current().for_township(village.township_id)[:PAGE_LIMIT])
    name = f"{village.township.name}{village.name}"
    return _page(
        request,
        "vacancies/public_list.html",
        {
            "vacancies": vacancies,
            "village": village,
            "title": f"{name}在招岗位",
            "description": f"适合{name}群众报名的 {len(vacancies)} 个在招岗位；"
            "想报名请联系村（社区）扶贫信息员。",
            "qr_svg": qr.svg(request.build_absolute_uri()),
        },
    )


@require_GET
@cache_control(public=True, max_age=MAX_AGE)
def job_detail(request, pk):
    vacancy = _current().filter(pk=pk).first()
    if vacancy is None:
        return _not_found(request)
    url = request.build_absolute_uri(reverse("public_jobs:detail", args=[vacancy.pk]))
    return _page(
        request,
        "vacancies/public_detail.html",
        {
            "vacancy": vacancy,
            "title": f"{vacancy.employer.name}招聘{vacancy.title}",
            "description": f"{vacancy.place_label()}，{vacancy.pay_label()}，"
            f"招 {vacancy.places} 人，{vacancy.requirement_label()}，"
            f"{vacancy.valid_to:%Y年%-m月%-d日}截止。",
            "qr_svg": qr.svg(url),
            # employers type phone numbers into descriptions; the public page shows none
            "public_description": redact(vacancy.description),
        },
    )


def _not_found(request) -> HttpResponse:
    response = _page(
        request,
        "vacancies/public_gone.html",
        {"title": "岗位已结束招聘", "description": "该岗位已过有效期或不存在。"},
    )
    response.status_code = 404
    return response
