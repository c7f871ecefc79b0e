"""通报: the county drafts, edits and issues bulletins; leaders read them; township officers
read and download the issued ones that name their township."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bulletins.compile import MARK_LABELS, changes
from bulletins.forms import BulletinCreateForm, BulletinTextForm
from bulletins.models import Bulletin
from bulletins.pdf import PdfUnavailable
from bulletins.services import (
    bulletin_create,
    bulletin_document,
    bulletin_issue,
    bulletin_pdf,
    figures_of,
    previous_issued,
)
from xiushan_jobs.lib.access import editable_or_404, role_required, visible_or_404
from xiushan_jobs.lib.pages import paginate
from xiushan_jobs.lib.roles import Role
from xiushan_jobs.lib.scope import is_county

READERS = (Role.COUNTY, Role.LEADER, Role.TOWNSHIP)
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@require_GET
@role_required(*READERS)
def bulletin_list(request):
    bulletins = Bulletin.objects.visible_to(request.user)
    return render(
        request,
        "bulletins/list.html",
        {
            "page": paginate(request, bulletins),
            "form": BulletinCreateForm() if is_county(request.user) else None,
        },
    )


@require_POST
@role_required(Role.COUNTY, write=True)
def bulletin_new(request):
    form = BulletinCreateForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择周期和日期。")
        return redirect("bulletins:list")
    bulletin = bulletin_create(
        by=request.user, period=form.cleaned_data["period"], day=form.cleaned_data["day"]
    )
    messages.success(request, "已起草通报：数据截至期末，填写问题与建议、下步工作后印发。")
    return redirect("bulletins:detail", bulletin.pk)


@require_GET
@role_required(*READERS)
def bulletin_detail(request, pk: int):
    bulletin = visible_or_404(Bulletin, request.user, pk=pk)
    figures = figures_of(bulletin, user=request.user)
    previous = previous_issued(bulletin)
    return render(
        request,
        "bulletins/detail.html",
        {
            "bulletin": bulletin,
            "figures": figures,
            "previous": previous,
            "changes": changes(previous.figures if previous else None, figures),
            "marks": MARK_LABELS,
            "can_edit": is_county(request.user) and not bulletin.is_issued,
            "own_township": request.user.township_id,
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.COUNTY, write=True)
def bulletin_edit(request, pk: int):
    bulletin = editable_or_404(Bulletin, request.user, pk=pk)
    form = BulletinTextForm(request.POST or None, instance=bulletin)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "已保存。")
        return redirect("bulletins:detail", bulletin.pk)
    return render(request, "bulletins/edit.html", {"bulletin": bulletin, "form": form})


@require_POST
@role_required(Role.COUNTY, write=True)
def bulletin_issue_view(request, pk: int):
    bulletin = editable_or_404(Bulletin, request.user, pk=pk)
    try:
        bulletin = bulletin_issue(bulletin=bulletin, by=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已印发：{bulletin.doc_number}。此后数据变化不影响这期通报。")
    return redirect("bulletins:detail", bulletin.pk)


@require_POST
@role_required(Role.COUNTY, write=True)
def bulletin_delete(request, pk: int):
    bulletin = editable_or_404(Bulletin, request.user, pk=pk)
    bulletin.delete()
    messages.success(request, "已删除通报草稿。")
    return redirect("bulletins:list")


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def _file_name(bulletin: Bulletin, suffix: str) -> str:
    return f"{bulletin.doc_number or bulletin.title + '（草稿）'}.{suffix}"


@require_GET
@role_required(*READERS)
def bulletin_docx_view(request, pk: int):
    bulletin = visible_or_404(Bulletin, request.user, pk=pk)
    content = bulletin_document(bulletin, user=request.user)
    return _attachment(content, DOCX_TYPE, _file_name(bulletin, "docx"))


@require_GET
@role_required(*READERS)
def bulletin_pdf_view(request, pk: int):
    bulletin = visible_or_404(Bulletin, request.user, pk=pk)
    try:
        content = bulletin_pdf(bulletin, user=request.user)
    except PdfUnavailable as exc:
        messages.error(request, str(exc))
        return redirect("bulletins:detail", bulletin.pk)
    return _attachment(content, "application/pdf", _file_name(bulletin, "pdf"))
