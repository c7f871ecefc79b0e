from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from audit.models import AccessLog
from xiushan_jobs.lib.net import client_ip


def access_log_record(
    *,
    user: Any,
    action: str,
    model: type[models.Model] | None = None,
    object_id: int | None = None,
    fields: str = "",
    row_count: int | None = None,
    detail: str = "",
    request=None,
) -> AccessLog:
    return AccessLog.objects.create(
        user=user,
        action=action,
        content_type=ContentType.objects.get_for_model(model) if model else None,
        object_id=object_id,
        fields=fields,
        row_count=row_count,
        detail=detail[:300],
        ip=client_ip(request),
    )


def access_log_record_many(
    *,
    user: Any,
    action: str,
    model: type[models.Model],
    object_ids: list[int],
    fields: str = "",
    detail: str = "",
    request=None,
) -> list[AccessLog]:
    """One entry per record, written in one statement (a search that identified several
    people at once)."""
    content_type = ContentType.objects.get_for_model(model)
    ip = client_ip(request)
    return AccessLog.objects.bulk_create(
        AccessLog(
            user=user,
            action=action,
            content_type=content_type,
            object_id=object_id,
            fields=fields,
            detail=detail[:300],
            ip=ip,
        )
        for object_id in object_ids
    )
