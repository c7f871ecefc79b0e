"""Choice lists of the registry. Labels are the Chinese words used on the survey sheets,
so forms, imports and exports speak the same language."""

from django.db import models


class TownshipKind(models.TextChoices):
    STREET = "街道", "街道"
    TOWN = "镇", "镇"
    XIANG = "乡", "乡"


class VillageKind(models.TextChoices):
    VILLAGE = "村", "村"
    COMMUNITY = "社区", "社区"


class PovertyStatus(models.TextChoices):
    IN_POVERTY = "未脱贫", "未脱贫"
    LIFTED = "已脱贫", "已脱贫"


class Sex(models.TextChoices):
    MALE = "M", "男"
    FEMALE = "F", "女"


class Relationship(models.TextChoices):
    HEAD = "户主", "户主"
    SPOUSE = "配偶", "配偶"
    SON = "之子", "之子"
    DAUGHTER = "之女", "之女"
    DAUGHTER_IN_LAW = "之儿媳", "之儿媳"
    SON_IN_LAW = "之女婿", "之女婿"
    GRANDCHILD = "之孙子女", "之孙子女"
    PARENT = "之父母", "之父母"
    SIBLING = "之兄弟姐妹", "之兄弟姐妹"
    OTHER = "其他", "其他"


class Education(models.TextChoices):
    ILLITERATE = "文盲或半文盲", "文盲或半文盲"
    PRIMARY = "小学", "小学"
    JUNIOR = "初中", "初中"
    SENIOR = "高中", "高中"
    VOCATIONAL = "中专（中职）", "中专（中职）"
    COLLEGE = "大专（高职）", "大专（高职）"
    BACHELOR = "本科及以上", "本科及以上"


class LaborAbility(models.TextChoices):
    """The national registry's categories (建档立卡劳动能力)."""

    SKILLED = "技能劳动力", "技能劳动力"
    ORDINARY = "普通劳动力", "普通劳动力"
    WEAK = "弱劳动力或半劳动力", "弱劳动力或半劳动力"
    LOST = "丧失劳动力", "丧失劳动力"
    NONE = "无劳动力", "无劳动力"

    @classmethod
    def capable(cls) -> list[str]:
        """Abilities that count as labor-capable (有劳动能力)."""
        return [cls.SKILLED, cls.ORDINARY, cls.WEAK]


class EmploymentIntention(models.TextChoices):
    """就业意愿 as asked in the survey. Village sheets often answer only 有/是: willing, the
    place not stated (``PLACE_UNSTATED``), which the officer refines later."""

    IN_COUNTY = "县内就业", "县内就业"
    IN_CITY = "市内县外就业", "市内县外就业"
    OUTSIDE = "市外就业", "市外就业"
    ANY = "均可", "均可"
    PLACE_UNSTATED = "有就业意愿", "有就业意愿（地点未定）"
    NONE = "无就业意愿", "无就业意愿"

    @classmethod
    def willing(cls) -> list[str]:
        """The one definition of "willing to work" every list, metric and warning uses."""
        return [cls.IN_COUNTY, cls.IN_CITY, cls.OUTSIDE, cls.ANY, cls.PLACE_UNSTATED]


class EmploymentKind(models.TextChoices):
    IN_COUNTY = "县内务工", "县内务工"
    IN_CITY = "市内县外务工", "市内县外务工"
    OUTSIDE = "市外务工", "市外务工"
    WELFARE_POST = "公益性岗位", "公益性岗位"
    WORKSHOP = "扶贫车间", "扶贫车间"
    SELF_EMPLOYED = "自主创业", "自主创业"


class ServiceKind(models.TextChoices):
    JOB_RECOMMENDATION = "岗位推荐", "岗位推荐"
    POLICY = "政策咨询", "政策咨询"
    TRAINING_REFERRAL = "培训推荐", "培训推荐"
    ENTREPRENEURSHIP = "创业指导", "创业指导"
    CARE = "关心关爱", "关心关爱"
    TRANSPORT = "点对点运输", "点对点运输"
    REMOTE_INTERVIEW = "远程面试", "远程面试"
    OTHER = "其他", "其他"


class ServiceChannel(models.TextChoices):
    VISIT = "入户走访", "入户走访"
    PHONE = "电话", "电话"
    WECHAT = "微信", "微信"
    ON_SITE = "现场", "现场"
    ONLINE = "网络平台", "网络平台"
    SMS = "短信", "短信"


PROVINCES = [
    "北京市",
    "天津市",
    "河北省",
    "山西省",
    "内蒙古自治区",
    "辽宁省",
    "吉林省",
    "黑龙江省",
    "上海市",
    "江苏省",
    "浙江省",
    "安徽省",
    "福建省",
    "江西省",
    "山东省",
    "河南省",
    "湖北省",
    "湖南省",
    "广东省",
    "广西壮族自治区",
    "海南省",
    "重庆市",
    "四川省",
    "贵州省",
    "云南省",
    "西藏自治区",
    "陕西省",
    "甘肃省",
    "青海省",
    "宁夏回族自治区",
    "新疆维吾尔自治区",
    "香港特别行政区",
    "澳门特别行政区",
    "台湾省",
]
PROVINCE_CHOICES = [(p, p) for p in PROVINCES]
SHANDONG = "山东省"
