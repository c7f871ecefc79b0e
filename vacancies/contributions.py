"""What the app adds to shared pages (registered in ``VacanciesConfig.ready``): a section
of the laborer detail page with the vacancies pushed to the laborer and those that fit."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from vacancies.matching import laborer_vacancies
from vacancies.models import PushedLaborer
from xiushan_jobs.lib.extensions import DetailSection
from xiushan_jobs.lib.scope import is_read_only


def vacancy_section(laborer: Any, user: Any) -> DetailSection | None:
    """Pushes the laborer received with their answers, and the open vacancies that fit the
    laborer (only while not employed and willing: the same sets matching uses). Three
    queries: the pushes, the laborer's completed trades, the vacancies."""
    from laborers.models import Laborer

    pushes = list(
        PushedLaborer.objects.filter(laborer=laborer)
        .select_related("vacancy__employer", "push")
        .order_by("-push__date", "-pk")
    )
    seeking = (
        Laborer.objects.filter(pk=laborer.pk).willing_to_work().labor_capable().unemployed()
    ).exists()
    fitting = laborer_vacancies(laborer=laborer, user=user) if seeking else []
    if not pushes and not fitting:
        return None
    return DetailSection(
        title="岗位推送",
        template="vacancies/_laborer_section.html",
        context={
            "pushes": pushes,
            "fitting": [
                {
                    "vacancy": vacancy,
                    "reasons": reasons,
                    "url": reverse("vacancies:detail", args=[vacancy.pk]),
                }
                for vacancy, reasons in fitting
            ],
            "can_push": not is_read_only(user),
        },
    )
