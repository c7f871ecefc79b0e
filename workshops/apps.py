from django.apps import AppConfig


class WorkshopsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "workshops"
    verbose_name = "扶贫车间和公益性岗位"

    def ready(self) -> None:
        from workshops import contributions, demo, services
        from xiushan_jobs.lib.extensions import (
            NavItem,
            register_demo_seeder,
            register_episode_check,
            register_laborer_section,
            register_nav,
            register_warning_provider,
        )

        # After 辖区概况 (50): a role's home is its first item, and these lists are nobody's.
        register_nav(
            NavItem("扶贫车间", "workshops:workshop_list", order=52, active_prefix="/workshops/")
        )
        # After 辖区概况 (50): a role's home is its first item, and these lists are nobody's.
        register_nav(
            NavItem("公益性岗位", "workshops:post_list", order=53, active_prefix="/posts/")
        )
        register_warning_provider(contributions.unplaced_warning)
        register_laborer_section(contributions.laborer_section)
        register_demo_seeder(demo.seed_sites)
        register_episode_check(services.episode_site_rules)
