from django.apps import AppConfig


class TransferConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "transfer"
    verbose_name = "劳务转移与招聘"

    def ready(self) -> None:
        from transfer import demo
        from xiushan_jobs.lib.extensions import NavItem, register_demo_seeder, register_nav

        register_nav(NavItem("招聘活动", "transfer:event_list", order=55))
        register_demo_seeder(demo.seed_events)
