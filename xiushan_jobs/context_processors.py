from django.conf import settings
from django.urls import NoReverseMatch, reverse

from xiushan_jobs.lib import extensions
from xiushan_jobs.lib.scope import role_of


def site(request):
    user = getattr(request, "user", None)
    role = role_of(user)
    nav = []
    if role:
        for item in extensions.nav_items:
            if item.roles and role not in item.roles:
                continue
            try:
                url = reverse(item.url_name)
            except NoReverseMatch:
                continue
            prefix = item.active_prefix or url
            nav.append({"label": item.label, "url": url, "active": request.path.startswith(prefix)})
    return {
        "nav_items": nav,
        "user_role": role,
        "pinned_today": settings.XJ_TODAY,
    }
