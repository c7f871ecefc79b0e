from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from accounts.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = [
        "username",
        "full_name",
        "role",
        "township",
        "village",
        "is_active",
        "last_login",
    ]
    list_filter = ["role", "township", "is_active"]
    list_select_related = ["township", "village"]
    search_fields = ["username", "full_name"]
    autocomplete_fields = ["village"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        ("个人信息", {"fields": ["full_name", "email"]}),
        ("角色与管辖范围", {"fields": ["role", "township", "village"]}),
        ("权限", {"fields": ["is_active", "is_staff", "is_superuser", "user_permissions"]}),
        ("重要日期", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": [
                    "username",
                    "full_name",
                    "role",
                    "township",
                    "village",
                    "password1",
                    "password2",
                ],
            },
        ),
    ]
