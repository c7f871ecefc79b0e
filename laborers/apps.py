from django.apps import AppConfig


class LaborersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "laborers"
    verbose_name = "贫困劳动力登记"

    def ready(self) -> None:
        from xiushan_jobs.lib.extensions import NavItem, register_nav
        from xiushan_jobs.lib.roles import Role

        register_nav(NavItem("辖区概况", "laborers:overview", order=50))

        # The survey import registers itself with the import framework on import.
        from laborers.imports import survey  # noqa: F401

        register_nav(
            NavItem(
                "数据导入",
                "imports:index",
                order=30,
                roles=(Role.COUNTY, Role.TOWNSHIP, Role.VILLAGE, Role.LEADER),
            )
        )
