"""Choice lists of workshops and public-welfare posts, in the words of the plan
(seed 二(二), 二(六), 二(八)) and of the townships' ledgers."""

from django.db import models


class OperatorKind(models.TextChoices):
    """创建主体: who runs the workshop (seed 二(二))."""

    ENTERPRISE = "企业", "企业"
    COOPERATIVE = "农村专业合作社", "农村专业合作社"
    PRODUCTION_WORKSHOP = "生产车间", "生产车间"
    PROCESSING_POINT = "加工点", "加工点"
    CONTRACT_FACTORY = "代工厂", "代工厂"


class Industry(models.TextChoices):
    GARMENT = "服装鞋帽加工", "服装鞋帽加工"
    ELECTRONICS = "电子产品组装", "电子产品组装"
    AGRI_PROCESSING = "农产品加工", "农产品加工"
    HANDICRAFT = "民族手工艺", "民族手工艺（苗绣、土家织锦）"
    BAMBOO_WOOD = "竹木加工", "竹木加工"
    FOOD = "食品加工", "食品加工"
    FARMING = "种植养殖", "种植养殖"
    OTHER = "其他", "其他"


class RecognitionStatus(models.TextChoices):
    """认定状态: a workshop is declared, recognised by the county, and may lose the title."""

    APPLYING = "申报中", "申报中"
    RECOGNISED = "已认定", "已认定"
    DELISTED = "已摘牌", "已摘牌"


class FundingSource(models.TextChoices):
    AGRICULTURAL = "财政涉农资金", "财政涉农资金"
    SHANDONG = "鲁渝援建", "鲁渝援建"


class PostKind(models.TextChoices):
    CLEANING = "保洁环卫", "保洁环卫"
    DISINFECTION = "防疫消杀", "防疫消杀"
    PATROL = "社区巡查", "社区巡查"
    FOREST = "护林", "护林"
    ROAD = "护路", "护路"
    WATER = "水管", "水管"
    OTHER = "其他", "其他"


class Department(models.TextChoices):
    """开发部门 named by the plan (seed 二(六))."""

    HR = "人社", "人社"
    POVERTY = "扶贫", "扶贫"
    FORESTRY = "林业", "林业"
    TRANSPORT = "交通", "交通"
    WATER = "水务", "水务"
    OTHER = "其他", "其他"


class PostFunding(models.TextChoices):
    """Where a post's monthly subsidy comes from."""

    EMPLOYMENT_SUBSIDY = "就业补助资金", "就业补助资金"
    POVERTY_FUNDS = "财政专项扶贫资金", "财政专项扶贫资金"
    EAST_WEST = "东西部扶贫协作资金", "东西部扶贫协作资金"
    DEPARTMENT = "部门预算资金", "部门预算资金"
    OTHER = "其他", "其他"


class AttachmentKind(models.TextChoices):
    PHOTO = "照片", "照片"
    DOCUMENT = "文件", "文件"


class CurrentEmployment(models.TextChoices):
    """What placing does with the laborer's open employment episode, if there is one."""

    NONE = "", "当前未就业"
    END = "end", "结束当前就业（安置开始前一日）"
    LINK = "link", "当前就业就是在此处：关联到本场所，保留原开始日期"
