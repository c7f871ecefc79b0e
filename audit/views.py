from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET

from audit.filters import AccessLogFilter
from audit.models import AccessLog
from xiushan_jobs.lib.access import role_required
from xiushan_jobs.lib.roles import Role


def _record_url(entry: AccessLog) -> str:
    """``<app>:<model>_detail`` when the app has such a page (the laborer page, say)."""
    if not (entry.content_type_id and entry.object_id):
        return ""
    ct = entry.content_type
    try:
        return reverse(f"{ct.app_label}:{ct.model}_detail", args=[entry.object_id])
    except NoReverseMatch:
        return ""


@require_GET
@role_required(Role.COUNTY)
def access_log(request):
    """个人信息访问日志: who revealed or exported personal data, for the county bureau.
    Read-only: there is no page, and no admin action, that changes or deletes it."""
    filterset = AccessLogFilter(
        request.GET,
        queryset=AccessLog.objects.select_related(
            "user__township", "user__village__township", "content_type"
        ),
    )
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    for entry in page.object_list:
        entry.record_url = _record_url(entry)
    return render(request, "audit/accesslog_list.html", {"filter": filterset, "page": page})
