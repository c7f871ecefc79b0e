from django.apps import AppConfig


class RectificationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "rectification"
    verbose_name = "整改任务"

    def ready(self) -> None:
        from rectification import demo, warnings
        from xiushan_jobs.lib.extensions import (
            NavItem,
            register_demo_seeder,
            register_nav,
            register_warning_provider,
        )

        register_nav(NavItem("整改任务", "rectification:list", order=60))
        register_warning_provider(warnings.rectification_warnings)
        register_demo_seeder(demo.seed_rectification)
