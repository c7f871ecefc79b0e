"""The import pipeline's background work, as tasks of Django's task framework.

Each step a batch waits for (check a queued upload, apply a confirmed one) is one task run
by any ``db_worker`` that shares the database. A task carries only the batch's id: the
batch row keeps the stage, progress and heartbeat the pages show, and the claim on it
(one compare-and-set UPDATE) makes a duplicate task harmless.
"""

from __future__ import annotations

from django_tasks import task

from laborers.imports import services


@task()
def process_import_batch(batch_id: int) -> str | None:
    batch = services.import_batch_process(batch_id)
    return None if batch is None else batch.status


@task()
def sweep_import_batches() -> int:
    """Every minute: batches whose worker died go back to the queue, and every waiting
    batch gets a task again (a worker that died took its task with it)."""
    return services.import_batches_requeue_stale()
