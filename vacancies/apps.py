from django.apps import AppConfig


class VacanciesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "vacancies"
    verbose_name = "岗位信息推送"

    def ready(self) -> None:
        from vacancies import contributions, demo, imports  # noqa: F401
        from xiushan_jobs.lib.extensions import (
            NavItem,
            register_demo_seeder,
            register_laborer_section,
            register_nav,
        )

        register_nav(NavItem("岗位推送", "vacancies:list", order=57, active_prefix="/vacancies/"))
        register_laborer_section(contributions.vacancy_section)
        register_demo_seeder(demo.seed_vacancies)
