"""Who looked at or took away personal data. Change history lives in django-simple-history's
tables; this log covers reads that matter: revealing an ID number or phone, exporting lists.

The log holds references (content type and id), never the personal data itself.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models


class AccessLog(models.Model):
    class Action(models.TextChoices):
        REVEAL = "reveal", "查看完整信息"
        EXPORT = "export", "导出"
        IMPORT = "import", "导入"

    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.PROTECT,
        related_name="access_logs",
    )
    action = models.CharField("操作", max_length=10, choices=Action.choices)
    content_type = models.ForeignKey(
        ContentType, verbose_name="数据类型", null=True, blank=True, on_delete=models.PROTECT
    )
    object_id = models.PositiveBigIntegerField("记录编号", null=True, blank=True)
    fields = models.CharField("字段", max_length=100, blank=True)
    row_count = models.PositiveIntegerField("行数", null=True, blank=True)
    detail = models.CharField("说明", max_length=300, blank=True)
    ip = models.GenericIPAddressField("IP 地址", null=True, blank=True)

    class Meta:
        verbose_name = "个人信息访问日志"
        verbose_name_plural = "个人信息访问日志"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.get_action_display()}"
