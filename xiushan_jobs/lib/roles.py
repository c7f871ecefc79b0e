"""User roles. Kept in lib so that scoping helpers need no import of the accounts app."""

from django.db import models


class Role(models.TextChoices):
    COUNTY = "county", "县就业人才局"
    TOWNSHIP = "township", "乡镇（街道）干部"
    VILLAGE = "village", "村（社区）扶贫信息员"
    LEADER = "leader", "领导（只读）"
