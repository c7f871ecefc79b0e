"""A laborer's employment episodes and services: start, end, correct and delete jobs;
log a service in three taps; delete a service logged by mistake."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from laborers.forms import EpisodeEndForm, EpisodeForm, ServiceForm
from laborers.models import EmploymentEpisode, Laborer, Service
from laborers.services import episode_end, episode_start, service_record
from laborers.views.common import delete_with_confirmation, gone_is_404, safe_next, save_edited
from xiushan_jobs.lib.access import editable_or_404, role_required
from xiushan_jobs.lib.clock import today

_EPISODES = EmploymentEpisode.objects.select_related("laborer__household__village")


def _detail(laborer_id: int, anchor: str = "") -> str:
    return reverse("laborers:laborer_detail", args=[laborer_id]) + anchor


@require_http_methods(["GET", "POST"])
@role_required(write=True)
@gone_is_404
def episode_new(request, pk: int):
    """登记就业: a new current job, optionally ending the one the laborer has now."""
    laborer = editable_or_404(
        Laborer.objects.select_related("household__village"), request.user, pk=pk
    )
    current = laborer.episodes.filter(end_date__isnull=True).first()
    form = EpisodeForm(request.POST or None, laborer=laborer, open_episode=current)
    if request.method == "POST" and form.is_valid():
        try:
            episode = episode_start(
                laborer=laborer,
                episode=form.save(commit=False),
                end_current=form.cleaned_data.get("end_current", False),
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"已登记 {laborer.name} 的就业：{episode}。")
            return redirect(_detail(laborer.pk, "#employment"))
    return render(
        request,
        "laborers/episode_form.html",
        {"form": form, "laborer": laborer, "title": "登记就业", "current": current},
    )


@require_http_methods(["GET", "POST"])
@role_required(write=True)
@gone_is_404
def episode_edit(request, pk: int):
    """Correct an episode (a wrong employer, a date typed wrongly)."""
    episode = editable_or_404(_EPISODES, request.user, pk=pk)
    laborer = episode.laborer
    conflict = None
    form = EpisodeForm(request.POST or None, instance=episode)
    if request.method == "POST" and form.is_valid():
        saved, form, conflict = save_edited(
            request,
            form,
            make_form=lambda current: EpisodeForm(request.POST, instance=current),
            conflict_message="保存失败：在您编辑期间，这段就业经历已被他人修改（见下方）。",
        )
        if saved:
            messages.success(request, "已保存就业经历。")
            return redirect(_detail(laborer.pk, "#employment"))
    return render(
        request,
        "laborers/episode_form.html",
        {"form": form, "laborer": laborer, "title": "修改就业经历", "conflict": conflict},
    )


@require_http_methods(["GET", "POST"])
@role_required(write=True)
@gone_is_404
def episode_finish(request, pk: int):
    """结束就业: the job ended (the laborer left, the contract ran out)."""
    episode = editable_or_404(_EPISODES, request.user, pk=pk)
    laborer = episode.laborer
    if episode.end_date is not None:
        messages.info(request, f"这段就业经历已于 {episode.end_date:%Y-%m-%d} 结束。")
        return redirect(_detail(laborer.pk, "#employment"))
    form = EpisodeEndForm(request.POST or None, episode=episode)
    if request.method == "POST" and form.is_valid():
        try:
            episode_end(episode=episode, end_date=form.cleaned_data["end_date"], by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"已结束 {laborer.name} 的就业：{episode}。")
            return redirect(_detail(laborer.pk, "#employment"))
    return render(
        request,
        "laborers/episode_end.html",
        {"form": form, "laborer": laborer, "episode": episode},
    )


@require_http_methods(["GET", "POST"])
@role_required(write=True)
def episode_delete(request, pk: int):
    episode = editable_or_404(_EPISODES, request.user, pk=pk)
    laborer = episode.laborer
    return delete_with_confirmation(
        request,
        episode,
        title=f"删除 {laborer.name} 的就业经历：{episode}",
        consequences=[
            "只在登记错误时删除；工作结束请用“结束就业”，以保留就业经历。",
            "删除操作会记入变更记录。",
        ],
        cancel_url=_detail(laborer.pk, "#employment"),
        done_url=_detail(laborer.pk, "#employment"),
        done_message=f"已删除就业经历：{episode}。",
    )


@require_http_methods(["GET", "POST"])
@role_required(write=True)
def service_new(request, pk: int):
    """登记服务: tap a kind (each kind button submits), the date is today unless changed,
    the note is optional."""
    laborer = editable_or_404(
        Laborer.objects.select_related("household__village"), request.user, pk=pk
    )
    form = ServiceForm(request.POST or None)
    back = safe_next(request)
    if request.method == "POST" and form.is_valid():
        service = service_record(laborer=laborer, service=form.save(commit=False), by=request.user)
        done = f"已登记 {laborer.name} 的服务：{service}。"
        if back:
            # Back to the list the officer came from, filters kept; the message is at the
            # top of that page.
            messages.success(request, done)
            return redirect(back)
        # The laborer's page opens at its services, below the page's message area, so the
        # message is shown there (the base template leaves "inline" messages to the page).
        messages.success(request, done, extra_tags="inline")
        return redirect(_detail(laborer.pk, "#services"))
    return render(
        request,
        "laborers/service_form.html",
        {"form": form, "laborer": laborer, "today": today(), "back_url": back},
    )


@require_http_methods(["GET", "POST"])
@role_required(write=True)
def service_delete(request, pk: int):
    service = editable_or_404(
        Service.objects.select_related("laborer__household__village"), request.user, pk=pk
    )
    laborer = service.laborer
    return delete_with_confirmation(
        request,
        service,
        title=f"删除 {laborer.name} 的服务记录：{service}",
        consequences=["只在登记错误时删除。删除操作会记入变更记录。"],
        cancel_url=_detail(laborer.pk, "#services"),
        done_url=_detail(laborer.pk, "#services"),
        done_message=f"已删除服务记录：{service}。",
    )
