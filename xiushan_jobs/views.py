from django.db import connection
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from xiushan_jobs.lib.access import role_required
from xiushan_jobs.lib.extensions import nav_items
from xiushan_jobs.lib.scope import role_of


@require_GET
@role_required()
def home(request):
    """Each role lands on its home: the first navigation entry (lowest order) registered
    for that role, so a feature app that becomes a role's home only registers its item."""
    role = role_of(request.user)
    for item in nav_items:
        if not item.roles or role in item.roles:
            return redirect(item.url_name)
    return render(request, "home.html")


@require_GET
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")
