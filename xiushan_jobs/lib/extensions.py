"""Registries that let feature apps plug into shared pages without import cycles.

Dependencies point one way (``dashboard → features → laborers → lib``), yet some pages
gather contributions from apps that depend on them: the navigation, the warnings page
(预警), the laborer detail page, the rules of an employment episode and the demo-data
generator. Each feature app registers its contribution in its ``AppConfig.ready()``; the
shared page reads the registry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    order: int = 100
    roles: tuple[str, ...] = ()  # empty: every role
    #: the URL prefix that marks the item active; defaults to the item's own URL
    active_prefix: str = ""


@dataclass(frozen=True)
class Warning:
    """One line of the warnings page: a count that links to the list it counts."""

    key: str
    label: str
    count: int
    url: str
    help: str = ""
    severity: str = "warn"  # "warn" or "danger"


@dataclass(frozen=True)
class DetailSection:
    """A block on the laborer detail page contributed by a feature app."""

    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)


nav_items: list[NavItem] = []
#: callables ``(user) -> list[Warning]``
warning_providers: list[Callable[[Any], list[Warning]]] = []
#: callables ``(laborer, user) -> DetailSection | None``
laborer_sections: list[Callable[[Any, Any], DetailSection | None]] = []
#: callables ``(household, user) -> DetailSection | None``: the same for the household page
household_sections: list[Callable[[Any, Any], DetailSection | None]] = []
#: filters a feature app adds to a registry list, by list ("laborers", "households") ->
#: callables ``(user) -> dict[str, django_filters.Filter]`` (the filter's method does the
#: narrowing, so the list never imports the app)
list_filters: dict[str, list[Callable[[Any], dict[str, Any]]]] = {}
#: callables ``(episode) -> dict[field, message]``: the rules a feature app adds to an
#: employment episode it owns (a placement's site keeps its kind, window and capacity),
#: checked wherever an episode is started, corrected or ended outside that app's own pages
episode_checks: list[Callable[[Any], dict[str, str]]] = []
#: background tasks (django-tasks ``Task`` objects taking no arguments) that
#: ``manage.py enqueue_periodic <schedule>`` enqueues; a systemd timer or a cron line per
#: schedule starts that command (deploy/)
PERIODIC_SCHEDULES = ("minutely", "morning", "daily")
periodic_tasks: dict[str, list[Any]] = {schedule: [] for schedule in PERIODIC_SCHEDULES}
#: named word lists a lower app reads and a feature app owns, by name -> callable returning
#: the words: "training_trade" is the county's trade list (training), which the survey
#: import links a wished-for trade to
vocabularies: dict[str, Callable[[], list[str]]] = {}


#: callables ``(*, laborer_ids, household_ids, event) -> None`` told, inside the writing
#: transaction, which laborers and households a write touched (see ``records_changed``)
records_changed_listeners: list[Callable[..., None]] = []
#: callables ``(request) -> DetailSection | None``: blocks at the top of the workspace
workspace_sections: list[Callable[[Any], DetailSection | None]] = []
#: callables ``(*, rng, stdout) -> None`` run by ``seed_demo`` after the registry is seeded,
#: in registration order (INSTALLED_APPS order)
demo_seeders: list[Callable[..., None]] = []


def register_nav(item: NavItem) -> None:
    if item not in nav_items:
        nav_items.append(item)
        nav_items.sort(key=lambda i: i.order)


def _register(registry: list, func: Callable) -> Callable:
    if func not in registry:
        registry.append(func)
    return func


def register_warning_provider(func: Callable) -> Callable:
    return _register(warning_providers, func)


def register_laborer_section(func: Callable) -> Callable:
    return _register(laborer_sections, func)


def register_household_section(func: Callable) -> Callable:
    return _register(household_sections, func)


def register_list_filter(list_name: str, func: Callable) -> Callable:
    return _register(list_filters.setdefault(list_name, []), func)


def contributed_filters(list_name: str, user: Any) -> dict[str, Any]:
    """The filters feature apps add to ``list_name`` for ``user``, by query parameter."""
    found: dict[str, Any] = {}
    for func in list_filters.get(list_name, []):
        found.update(func(user))
    return found


def register_episode_check(func: Callable) -> Callable:
    return _register(episode_checks, func)


def register_demo_seeder(func: Callable) -> Callable:
    return _register(demo_seeders, func)


def register_periodic(schedule: str, task: Any) -> Any:
    if schedule not in periodic_tasks:
        raise ValueError(f"unknown schedule {schedule!r}; one of {PERIODIC_SCHEDULES}")
    if task not in periodic_tasks[schedule]:
        periodic_tasks[schedule].append(task)
    return task


def register_vocabulary(name: str, func: Callable[[], list[str]]) -> Callable[[], list[str]]:
    vocabularies[name] = func
    return func


def vocabulary(name: str) -> list[str]:
    """The words registered under ``name``; empty when no app provides them."""
    func = vocabularies.get(name)
    return list(func()) if func else []


def register_records_changed(func: Callable) -> Callable:
    return _register(records_changed_listeners, func)


def register_workspace_section(func: Callable) -> Callable:
    return _register(workspace_sections, func)


def records_changed(*, laborer_ids: Any = (), household_ids: Any = (), event: str = "") -> None:
    """Every write path (services, an import's apply, placements, hires, enrollments)
    calls this once per write with the ids it touched (a set, or a ``values("pk")``
    queryset for a whole batch), so apps that derive state from the registry (warning
    cases) keep in step in the same transaction, with a bounded number of queries."""
    for listener in records_changed_listeners:
        listener(laborer_ids=laborer_ids, household_ids=household_ids, event=event)
