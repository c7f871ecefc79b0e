"""A workshop's fundings and attachments (photos and documents)."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from workshops.files import FileRefused
from workshops.forms import AttachmentForm, FundingForm
from workshops.models import Workshop, WorkshopAttachment, WorkshopFunding
from workshops.services import attachment_add, attachment_delete
from xiushan_jobs.lib.access import editable_or_404, role_required, visible_or_404
from xiushan_jobs.lib.roles import Role

EDITORS = (Role.COUNTY, Role.TOWNSHIP)


@require_http_methods(["GET", "POST"])
@role_required(*EDITORS, write=True)
def funding_add(request, pk):
    workshop = editable_or_404(
        Workshop.objects.select_related("village__township"), request.user, pk=pk
    )
    form = FundingForm(request.POST or None, instance=WorkshopFunding(workshop=workshop))
    if request.method == "POST" and form.is_valid():
        funding = form.save()
        messages.success(request, f"已登记“{workshop.name}”的{funding.source}。")
        return redirect("workshops:workshop_detail", pk=workshop.pk)
    return render(request, "workshops/funding_form.html", {"workshop": workshop, "form": form})


@require_POST
@role_required(*EDITORS, write=True)
def funding_delete(request, pk):
    funding = editable_or_404(
        WorkshopFunding.objects.select_related("workshop"), request.user, pk=pk
    )
    workshop = funding.workshop
    funding.delete()
    messages.success(request, f"已删除“{workshop.name}”的一条资金支持记录。")
    return redirect("workshops:workshop_detail", pk=workshop.pk)


@require_POST
@role_required(*EDITORS, write=True)
def attachment_upload(request, pk):
    workshop = editable_or_404(Workshop, request.user, pk=pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            attachment = attachment_add(
                workshop=workshop,
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                by=request.user,
            )
        except FileRefused as exc:
            messages.error(request, f"没有上传：{exc}")
        else:
            messages.success(request, f"已上传“{attachment.original_name}”。")
    else:
        messages.error(
            request, "没有上传：" + "；".join(e for errors in form.errors.values() for e in errors)
        )
    return redirect("workshops:workshop_detail", pk=workshop.pk)


@require_GET
@role_required()
def attachment_file(request, pk):
    """The file itself, for users who can see the workshop. Images and PDFs open in the
    browser, other documents download; either way under the uploader's file name and with
    the type recognised at upload, never guessed from the name."""
    attachment = visible_or_404(WorkshopAttachment, request.user, pk=pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404("文件已不存在。") from None
    inline = attachment.is_image or attachment.content_type == "application/pdf"
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_POST
@role_required(*EDITORS, write=True)
def attachment_remove(request, pk):
    attachment = editable_or_404(
        WorkshopAttachment.objects.select_related("workshop"), request.user, pk=pk
    )
    workshop = attachment.workshop
    name = attachment.original_name
    attachment_delete(attachment=attachment)
    messages.success(request, f"已删除“{name}”。")
    return redirect("workshops:workshop_detail", pk=workshop.pk)
