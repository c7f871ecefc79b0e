from django.apps import AppConfig


class DashboardConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "dashboard"
    verbose_name = "目标看板"

    def ready(self) -> None:
        from dashboard import demo
        from dashboard.tasks import take_daily_snapshot
        from xiushan_jobs.lib.extensions import (
            NavItem,
            register_demo_seeder,
            register_nav,
            register_periodic,
        )
        from xiushan_jobs.lib.roles import Role

        register_periodic("daily", take_daily_snapshot)
        # Order 5: the county bureau's and leaders' home (the workspace's 全县概况, order 10,
        # stays their second item). Officers keep the workspace as home; their township
        # board comes right after it.
        register_nav(
            NavItem(
                "目标看板",
                "dashboard:county",
                order=5,
                roles=(Role.COUNTY, Role.LEADER),
                active_prefix="/dashboard/",
            )
        )
        register_nav(
            NavItem(
                "目标进展",
                "dashboard:township_home",
                order=15,
                roles=(Role.TOWNSHIP, Role.VILLAGE),
                active_prefix="/dashboard/",
            )
        )
        register_demo_seeder(demo.seed_snapshots)
