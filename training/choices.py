"""Choice lists of skills training and entrepreneurship support, in the words of the plan
(seed 二(三), 二(四), 二(八), 二(九)) and of appendix 2, rectification item 57."""

from django.db import models


class TrainingFormat(models.TextChoices):
    """办班方式 (seed 二(三): 田间课堂、农民夜校、扶贫专班, 网络课堂、视频课堂; 二(八): 赴山东)."""

    FIELD = "田间课堂", "田间课堂"
    NIGHT_SCHOOL = "农民夜校", "农民夜校"
    SPECIAL = "扶贫专班", "扶贫专班"
    ONLINE = "网络课堂", "网络课堂"
    VIDEO = "视频课堂", "视频课堂"
    SHANDONG = "赴山东培训", "赴山东培训"
    OTHER = "其他", "其他"


class FundingSource(models.TextChoices):
    """Who pays the class (seed 三(四) and appendix 2 item 57)."""

    EAST_WEST = "东西部扶贫协作资金", "东西部扶贫协作资金"
    EMPLOYMENT = "就业专项资金", "就业专项资金"
    UNEMPLOYMENT_INSURANCE = "失业保险基金", "失业保险基金"
    AGRICULTURAL = "财政涉农资金", "财政涉农资金"
    OTHER = "其他", "其他"


class ClassStatus(models.TextChoices):
    PLANNED = "筹备中", "筹备中"
    RUNNING = "培训中", "培训中"
    FINISHED = "已结业", "已结业"
    CANCELLED = "已取消", "已取消"

    @classmethod
    def started(cls) -> list[str]:
        """Classes whose trainees may have attended days."""
        return [cls.RUNNING, cls.FINISHED]


class GuidanceMode(models.TextChoices):
    """Seed 二(四): 采取"一对一""多对一"方式. Here, as issue #7 specifies a session by its
    mentor and one or more laborers: one mentor with one laborer, or with several."""

    ONE_TO_ONE = "一对一", "一对一"
    MANY_TO_ONE = "多对一", "多对一"


class GuidanceKind(models.TextChoices):
    """Seed 二(四): 专家指导、项目推介、政策咨询等创业服务."""

    EXPERT = "专家指导", "专家指导"
    PROJECT = "项目推介", "项目推介"
    POLICY = "政策咨询", "政策咨询"
    OTHER = "其他", "其他"


class LoanStatus(models.TextChoices):
    """创业担保贷款 from application to repayment; a refused application is kept too."""

    APPLIED = "申请", "申请"
    DISBURSED = "发放", "发放"
    REPAID = "还清", "还清"
    OVERDUE = "逾期", "逾期"
    DECLINED = "未获批", "未获批"

    @classmethod
    def disbursed(cls) -> list[str]:
        return [cls.DISBURSED, cls.REPAID, cls.OVERDUE]

    @classmethod
    def offered(cls) -> list[str]:
        """A loan offered to the laborer: in process or paid out (not refused)."""
        return [cls.APPLIED, cls.DISBURSED, cls.REPAID, cls.OVERDUE]


#: the programs of the plan the selectors count by (``laborers.Program.code``)
SHANDONG_PROGRAM = "luyu"
HECHUAN_PROGRAM = "hechuan"
#: trades named by the plan that the selectors count by (``Trade.name``)
ENTREPRENEURSHIP_TRADE = "创业培训"
PRACTICAL_TECHNOLOGY_TRADE = "农村实用技术"
SHANDONG_SKILL_TRADES = ("叉车操作", "苗绣", "中式烹调师", "母婴护理")

RECTIFICATION_57 = "整改第57项"
