from django.apps import AppConfig


class LaborersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "laborers"
    verbose_name = "贫困劳动力登记"

    def ready(self) -> None:
        from xiushan_jobs.lib.extensions import NavItem, register_nav

        register_nav(NavItem("辖区概况", "laborers:overview", order=50))
