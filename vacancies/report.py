"""The county view of 岗位信息推送: pushes, answers and hires per vacancy, employer and
township, the funnel (pushed → interested → interviewed → hired), and the Excel ledger.
Every figure counts the pushed laborers the user may see."""

from django.db.models import Count, Q
from django.shortcuts import render
from django.views.decorators.http import require_GET

from audit.models import AccessLog
from audit.services import access_log_record
from vacancies.exports import ledger_response
from vacancies.models import Answer, PushedLaborer
from xiushan_jobs.lib.access import role_required

REACHED = [Answer.INTERESTED, Answer.INTERVIEWED, Answer.HIRED]
STAGES = [
    ("pushed", "已推送"),
    ("interested", "有意向"),
    ("interviewed", "已面试"),
    ("hired", "已录用"),
]


def _grouped(recipients, *fields: str) -> list[dict]:
    """One row per value of ``fields`` with its funnel counts: one query."""
    return list(
        recipients.values(*fields)
        .annotate(
            pushed=Count("pk"),
            interested=Count("pk", filter=Q(answer__in=REACHED)),
            interviewed=Count("pk", filter=Q(answer__in=[Answer.INTERVIEWED, Answer.HIRED])),
            hired=Count("pk", filter=Q(answer=Answer.HIRED)),
            declined=Count("pk", filter=Q(answer=Answer.DECLINED)),
            pending=Count("pk", filter=Q(answer=Answer.PENDING)),
        )
        .order_by("-pushed", *fields)
    )


@require_GET
@role_required()
def push_report(request):
    recipients = PushedLaborer.objects.visible_to(request.user)
    funnel = recipients.funnel()
    return render(
        request,
        "vacancies/report.html",
        {
            "funnel": funnel,
            "stages": [(label, funnel[key]) for key, label in STAGES],
            "chart_data": {
                "labels": [label for _key, label in STAGES],
                "values": [funnel[key] for key, _label in STAGES],
            },
            "by_vacancy": _grouped(
                recipients, "vacancy_id", "vacancy__title", "vacancy__employer__name"
            ),
            "by_employer": _grouped(recipients, "vacancy__employer__name"),
            "by_township": _grouped(recipients, "laborer__household__village__township__name"),
        },
    )


@require_GET
@role_required()
def push_export(request):
    recipients = PushedLaborer.objects.visible_to(request.user)
    response, rows = ledger_response(recipients)
    access_log_record(
        user=request.user,
        action=AccessLog.Action.EXPORT,
        model=PushedLaborer,
        fields="姓名,身份证号码（脱敏）",
        row_count=rows,
        detail="导出岗位推送台账",
        request=request,
    )
    return response
