from django.apps import AppConfig


class LaborersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "laborers"
    verbose_name = "贫困劳动力登记"

    def ready(self) -> None:
        from laborers.imports.tasks import sweep_import_batches
        from laborers.warning_rules import laborer_warning_provider
        from xiushan_jobs.lib.extensions import (
            NavItem,
            register_nav,
            register_periodic,
            register_warning_provider,
        )
        from xiushan_jobs.lib.roles import Role

        register_periodic("minutely", sweep_import_batches)
        officers = (Role.TOWNSHIP, Role.VILLAGE)
        # An officer's home is the workspace. For the county and leaders it is the second item
        # (county-wide figures by township): their home is the dashboard (order 5).
        register_nav(NavItem("工作台", "laborers:workspace", order=10, roles=officers))
        register_nav(
            NavItem("全县概况", "laborers:workspace", order=10, roles=(Role.COUNTY, Role.LEADER))
        )
        register_nav(NavItem("劳动力", "laborers:laborer_list", order=20))
        register_nav(NavItem("贫困户", "laborers:household_list", order=25))
        register_nav(NavItem("预警", "laborers:warnings", order=30))
        register_nav(NavItem("数据质量", "laborers:quality", order=40))
        register_warning_provider(laborer_warning_provider)

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
