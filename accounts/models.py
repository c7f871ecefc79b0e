from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models

from xiushan_jobs.lib.fields import PlainTextMixin
from xiushan_jobs.lib.roles import Role


class User(PlainTextMixin, AbstractUser):
    """A person who signs in. Role and area decide what they see (xiushan_jobs/lib/scope.py)."""

    Role = Role

    role = models.CharField("角色", max_length=16, choices=Role.choices, blank=True)
    township = models.ForeignKey(
        "laborers.Township",
        verbose_name="所属乡镇（街道）",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    village = models.ForeignKey(
        "laborers.Village",
        verbose_name="所属村（社区）",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    full_name = models.CharField("姓名", max_length=50, blank=True)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.full_name or self.username

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.role == Role.TOWNSHIP and not self.township_id:
            errors["township"] = "乡镇（街道）干部必须指定所属乡镇（街道）。"
        if self.role == Role.VILLAGE:
            if not self.village_id:
                errors["village"] = "村（社区）扶贫信息员必须指定所属村（社区）。"
            else:
                # A village officer's township always follows the village, so township-level
                # checks and lists agree with the village scope.
                self.township_id = self.village.township_id
        if self.role in (Role.COUNTY, Role.LEADER) and (self.township_id or self.village_id):
            errors["township"] = "县级用户和领导不应指定乡镇或村。"
        if errors:
            raise ValidationError(errors)

    @property
    def area_label(self) -> str:
        if self.role == Role.VILLAGE and self.village_id:
            return f"{self.village.township.name} {self.village.name}"
        if self.role == Role.TOWNSHIP and self.township_id:
            return self.township.name
        return "全县"
