from django.apps import AppConfig


class SurveySyncConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "survey_sync"
    verbose_name = "市级调查系统同步"

    def ready(self) -> None:
        from survey_sync import demo
        from xiushan_jobs.lib.extensions import NavItem, register_demo_seeder, register_nav
        from xiushan_jobs.lib.roles import Role

        register_nav(
            NavItem(
                "动态更新",
                "survey_sync:run_list",
                order=75,
                roles=(Role.COUNTY, Role.TOWNSHIP, Role.LEADER),
            )
        )
        register_demo_seeder(demo.seed_sync)
