from django.apps import AppConfig


class CasesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cases"
    verbose_name = "预警处置"

    def ready(self) -> None:
        from cases import contributions, demo, filters, imports, services  # noqa: F401
        from cases.tasks import sync_cases_daily
        from xiushan_jobs.lib.extensions import (
            NavItem,
            register_demo_seeder,
            register_household_section,
            register_laborer_section,
            register_list_filter,
            register_nav,
            register_periodic,
            register_records_changed,
            register_workspace_section,
        )
        from xiushan_jobs.lib.roles import Role

        register_nav(NavItem("预警处置", "cases:list", order=32))
        register_nav(
            NavItem(
                "帮扶责任人",
                "cases:helper_list",
                order=33,
                roles=(Role.COUNTY, Role.TOWNSHIP, Role.VILLAGE, Role.LEADER),
            )
        )
        register_records_changed(services.on_records_changed)
        register_periodic("morning", sync_cases_daily)
        register_workspace_section(contributions.todo_section)
        register_laborer_section(contributions.laborer_section)
        register_household_section(contributions.household_section)
        register_list_filter("households", filters.household_filters)
        register_list_filter("laborers", filters.laborer_filters)
        register_demo_seeder(demo.seed_cases)
