"""The main institutions a day's economy news names, in Chinese and English: the planner's story
signs (`outline.story`) and the verifier's "who says it" (a draft's 工信部拟遴选… names the body
acting, not what its figure measures) read the one table."""

from __future__ import annotations

import re

# The main institutions a day's economy news names, Chinese and English (lower-case English forms
# are matched as words). One row per body; the first name is the canonical one.
INSTITUTIONS: tuple[tuple[str, ...], ...] = (
    ("中国人民银行", "人民银行", "央行", "people's bank of china", "pboc", "china's central bank"),
    ("国家统计局", "统计局", "national bureau of statistics", "nbs", "statistics bureau"),
    ("海关总署", "海关", "general administration of customs", "customs data", "customs"),
    ("国家外汇管理局", "外汇局", "state administration of foreign exchange", "forex reserves",
     "foreign exchange reserves", "外汇储备"),
    ("国家金融监督管理总局", "金融监管总局", "national financial regulatory administration", "nfra"),
    ("中国证监会", "证监会", "china securities regulatory commission", "csrc", "securities regulator"),
    ("财政部", "ministry of finance", "finance ministry"),
    ("商务部", "ministry of commerce", "commerce ministry", "mofcom"),
    ("国家发展改革委", "国家发展和改革委员会", "发改委", "national development and reform commission", "ndrc"),
    ("工业和信息化部", "工信部", "ministry of industry and information technology", "miit"),
    ("国务院", "state council"),
    ("国家能源局", "national energy administration", "nea"),
    ("中国汽车工业协会", "中汽协", "china association of automobile manufacturers", "caam"),
    ("乘用车市场信息联席会", "乘联会", "passenger car association", "cpca"),
    ("国家数据局", "national data administration"),
    ("中国民用航空局", "民航局", "civil aviation administration of china", "caac"),
    ("住房和城乡建设部", "住建部", "ministry of housing and urban-rural development"),
    ("国家税务总局", "税务总局", "state taxation administration"),
    ("美联储", "federal reserve", "the fed"),
    ("欧洲央行", "european central bank", "ecb"),
    ("石油输出国组织", "欧佩克", "opec"),
)

_CHINESE_NAMES = re.compile("|".join(sorted((n for row in INSTITUTIONS for n in row if re.search(r"[\u4e00-\u9fff]", n)),
                                            key=len, reverse=True)))


def without_institutions(text: str) -> str:
    """`text` without the Chinese names of the institutions it names (工信部拟遴选 -> 拟遴选)."""
    return _CHINESE_NAMES.sub("", text)
