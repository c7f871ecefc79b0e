from django.shortcuts import render

from laborers.selectors import area_breakdown
from xiushan_jobs.lib.access import role_required


@role_required()
def overview(request):
    """The user's area at a glance: laborers, employed and households per township/village."""
    return render(request, "laborers/overview.html", {"breakdown": area_breakdown(request.user)})
