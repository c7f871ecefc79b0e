from django.apps import AppConfig


class BulletinsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "bulletins"
    verbose_name = "通报"

    def ready(self) -> None:
        from bulletins import demo
        from xiushan_jobs.lib.extensions import NavItem, register_demo_seeder, register_nav
        from xiushan_jobs.lib.roles import Role

        register_nav(
            NavItem(
                "通报", "bulletins:list", order=95, roles=(Role.COUNTY, Role.LEADER, Role.TOWNSHIP)
            )
        )
        register_demo_seeder(demo.seed_bulletins)
