from django.apps import AppConfig


class TrainingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "training"
    verbose_name = "技能培训和创业扶持"

    def ready(self) -> None:
        # importing ``imports`` registers the sign-in sheet import with the import framework
        from training import contributions, demo, imports  # noqa: F401
        from xiushan_jobs.lib.extensions import (
            NavItem,
            register_demo_seeder,
            register_laborer_section,
            register_nav,
            register_vocabulary,
            register_warning_provider,
        )

        # After 辖区概况 (50): a role's home is its first item, and these pages are nobody's.
        register_nav(
            NavItem("技能培训", "training:class_list", order=54, active_prefix="/training/")
        )
        register_nav(
            NavItem("创业扶持", "training:overview", order=56, active_prefix="/entrepreneurship/")
        )
        register_warning_provider(contributions.training_gap_warning)
        register_warning_provider(contributions.entrepreneurship_warning)
        register_laborer_section(contributions.training_section)
        register_laborer_section(contributions.entrepreneurship_section)
        register_demo_seeder(demo.seed_training)
        register_vocabulary("training_trade", _trade_names)


def _trade_names() -> list[str]:
    from training.models import Trade

    return list(Trade.objects.values_list("name", flat=True))
