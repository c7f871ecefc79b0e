"""The admin is the county bureau's back office: only active county staff reach it."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig

from xiushan_jobs.lib.roles import Role
from xiushan_jobs.lib.scope import role_of


class CountyAdminSite(admin.AdminSite):
    site_header = "秀山县就业扶贫管理系统 · 后台"
    site_title = "就业扶贫后台"
    index_title = "数据维护"

    def has_permission(self, request) -> bool:
        user = request.user
        return bool(user.is_active and user.is_staff and role_of(user) == Role.COUNTY)


class CountyAdminConfig(AdminConfig):
    default_site = "xiushan_jobs.admin_site.CountyAdminSite"
