"""URLs for the phone-layout test only: the project's URLs plus a page that signs a test
user in (a session cookie) and measures other pages in 375-px-wide frames."""

import json

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpResponse
from django.urls import path

from accounts.models import User
from xiushan_jobs.urls import urlpatterns as project_urlpatterns

PHONE_WIDTH = 375


def phone_check(request):
    user = User.objects.get(username=request.GET["user"])
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "accounts.backends.RoleBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    urls = request.GET.getlist("u")
    if request.GET.get("go"):  # sign in, then show the page itself (for screenshots)
        script = f"location.replace({json.dumps(request.GET['go'])});"
        body = ""
    else:  # each page in a phone-wide frame; report how wide its content is
        body = "".join(
            f'<iframe src="{u}" style="width:{PHONE_WIDTH}px;height:700px;border:0"></iframe>'
            for u in urls
        )
        script = """
        var frames = Array.from(document.querySelectorAll('iframe')), done = 0, widths = {};
        frames.forEach(function (f) { f.onload = function () {
          widths[f.getAttribute('src')] = f.contentDocument.documentElement.scrollWidth;
          if (++done === frames.length)
            document.body.setAttribute('data-widths', JSON.stringify(widths));
        }; });"""
    response = HttpResponse(
        f"<!doctype html><html><body>{body}<script>{script}</script></body></html>"
    )
    response.set_cookie("sessionid", session.session_key)
    return response


urlpatterns = [*project_urlpatterns, path("__phone_check/", phone_check)]
