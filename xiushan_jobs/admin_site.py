"""The admin is the county bureau's back office: only active county staff reach it."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.urls import reverse

from xiushan_jobs.lib.roles import Role
from xiushan_jobs.lib.scope import role_of


class CountyAdminSite(admin.AdminSite):
    site_header = "秀山县就业扶贫管理系统 · 后台"
    site_title = "就业扶贫后台"
    index_title = "数据维护"

    def has_permission(self, request) -> bool:
        user = request.user
        return bool(user.is_active and user.is_staff and role_of(user) == Role.COUNTY)

    def password_change(self, request, extra_context=None):
        """Django's admin page, with the old password throttled like a login."""
        from accounts.forms import ThrottledAdminPasswordChangeForm
        from accounts.views import PasswordChangeView

        request.current_app = self.name
        return PasswordChangeView.as_view(
            form_class=ThrottledAdminPasswordChangeForm,
            success_url=reverse("admin:password_change_done", current_app=self.name),
            extra_context={**self.each_context(request), **(extra_context or {})},
            template_name=self.password_change_template or "registration/password_change_form.html",
        )(request)


class CountyAdminConfig(AdminConfig):
    default_site = "xiushan_jobs.admin_site.CountyAdminSite"
