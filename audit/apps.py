from django.apps import AppConfig


class AuditConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "audit"
    verbose_name = "审计日志"

    def ready(self) -> None:
        from xiushan_jobs.lib.extensions import NavItem, register_nav
        from xiushan_jobs.lib.roles import Role

        register_nav(NavItem("访问日志", "audit:access_log", order=90, roles=(Role.COUNTY,)))
