from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission

from xiushan_jobs.lib.roles import Role
from xiushan_jobs.lib.scope import role_of


class RoleBackend(ModelBackend):
    """The county bureau may change everything (DOMAIN.md): its active users hold every
    model permission without a group to keep in sync. Other roles hold only what was
    granted to them (for example ``laborers.reveal_personal_data``)."""

    def get_user(self, user_id):
        # Every page shows the user's area: load it with the user, not in extra queries.
        user = self._default_manager_with_area().filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None

    @staticmethod
    def _default_manager_with_area():
        from accounts.models import User

        return User._default_manager.select_related("township", "village__township")

    def get_all_permissions(self, user_obj, obj=None):
        if role_of(user_obj) == Role.COUNTY:
            if not hasattr(user_obj, "_county_perm_cache"):
                perms = Permission.objects.values_list("content_type__app_label", "codename")
                user_obj._county_perm_cache = {f"{app}.{code}" for app, code in perms}
            return user_obj._county_perm_cache
        return super().get_all_permissions(user_obj, obj)
